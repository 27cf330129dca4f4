#!/usr/bin/env bash
# A Spark standalone cluster on 127.0.0.1: one master and N workers, each its own JVM.
#   cluster-conf/standalone.sh start [N]   (default 2 workers, 1 core and RRLFN_WORKER_MEMORY (3g) each)
#   cluster-conf/standalone.sh stop
#   cluster-conf/standalone.sh status
# State (pids, logs, work dirs) lives in RRLFN_CLUSTER_DIR (default cluster-conf/runtime/standalone).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/java-opts.sh"
DIR=${RRLFN_CLUSTER_DIR:-$HERE/runtime/standalone}
PORT=${RRLFN_MASTER_PORT:-7077}
export SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION=2.12

wait_for_port() {
  for _ in $(seq 1 120); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.5
  done
  echo "standalone: nothing listens on 127.0.0.1:$1 after 60 s; see $DIR/*.log" >&2
  return 1
}

start() {
  local n=${1:-2}
  export SPARK_HOME; SPARK_HOME=$("$HERE/spark-home.sh")
  mkdir -p "$DIR"
  if [ -f "$DIR/master.pid" ] && kill -0 "$(cat "$DIR/master.pid")" 2>/dev/null; then
    echo "standalone: already running (master pid $(cat "$DIR/master.pid"))" >&2; return 1
  fi
  # shellcheck disable=SC2086
  nohup java -Xmx512m $RRLFN_OPENS -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$PORT" --webui-port 0 >"$DIR/master.log" 2>&1 &
  echo $! >"$DIR/master.pid"
  wait_for_port "$PORT"
  for i in $(seq 1 "$n"); do
    mkdir -p "$DIR/worker-$i"
    # shellcheck disable=SC2086
    nohup java -Xmx512m $RRLFN_OPENS -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker \
      "spark://127.0.0.1:$PORT" --host 127.0.0.1 --cores 1 --memory "${RRLFN_WORKER_MEMORY:-3g}" \
      --work-dir "$DIR/worker-$i" --webui-port 0 >"$DIR/worker-$i.log" 2>&1 &
    echo $! >"$DIR/worker-$i.pid"
  done
  for _ in $(seq 1 120); do
    [ "$(grep -c 'Registering worker' "$DIR/master.log" || true)" -ge "$n" ] && break
    sleep 0.5
  done
  echo "standalone: master spark://127.0.0.1:$PORT with $n workers (logs in $DIR)"
}

stop() {
  [ -d "$DIR" ] || return 0
  for f in "$DIR"/worker-*.pid "$DIR"/master.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    # Workers' executors are child JVMs: end them with their worker.
    pkill -P "$pid" 2>/dev/null || true
    kill "$pid" 2>/dev/null || true
    rm -f "$f"
  done
  echo "standalone: stopped"
}

status() {
  for f in "$DIR"/master.pid "$DIR"/worker-*.pid; do
    [ -f "$f" ] && echo "$(basename "$f" .pid): $(kill -0 "$(cat "$f")" 2>/dev/null && echo running || echo dead)"
  done
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start [N] | stop | status" >&2; exit 2 ;;
esac
