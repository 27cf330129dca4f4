#!/usr/bin/env bash
# A Spark standalone cluster on 127.0.0.1: one master and N workers, each its own JVM.
#   cluster-conf/standalone.sh start [N]   N workers (default 2), 1 core each; start returns once the master
#                                          lists all N as ALIVE, or fails with the logs' tails
#   cluster-conf/standalone.sh status      the master's view: workers, their cores and memory (used/total)
#   cluster-conf/standalone.sh stop
# Each worker offers exactly spark.executor.memory of cluster-conf/spark-defaults.conf: that file alone decides
# the executor size, so one executor fits each worker (Spark standalone schedules on the executor heap only).
# Optional environment (none is needed for the defaults):
#   RRLFN_CLUSTER_DIR      state: pids, logs, work dirs (default cluster-conf/runtime/standalone)
#   RRLFN_MASTER_PORT      master port (default 7077); RRLFN_MASTER_UI_PORT its web UI and /json (default 8080)
#   RRLFN_WORKER_MEMORY    memory each worker offers (default: spark.executor.memory of spark-defaults.conf)
#   RRLFN_START_TIMEOUT    seconds `start` waits for the workers to register (default 60)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/java-opts.sh"
DIR=${RRLFN_CLUSTER_DIR:-$HERE/runtime/standalone}
PORT=${RRLFN_MASTER_PORT:-7077}
UI_PORT=${RRLFN_MASTER_UI_PORT:-8080}
TIMEOUT=${RRLFN_START_TIMEOUT:-60}
export SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION=2.12

# spark.executor.memory from spark-defaults.conf: the one place that sizes executors.
executor_memory() {
  awk '$1 == "spark.executor.memory" { print $2 }' "$HERE/spark-defaults.conf"
}

# The master's state as JSON (what its web UI's /json serves); empty when it does not answer.
master_json() {
  curl -sf --max-time 2 "http://127.0.0.1:$UI_PORT/json/" 2>/dev/null || true
}

alive_workers() {
  master_json | python3 -c 'import json,sys
try: print(sum(1 for w in json.load(sys.stdin)["workers"] if w["state"] == "ALIVE"))
except Exception: print(0)'
}

logs_tail() {
  for f in "$DIR"/master.log "$DIR"/worker-*.log; do
    [ -f "$f" ] && { echo "--- last lines of $f:"; tail -n 15 "$f"; }
  done
}

fail_start() {
  echo "standalone: $1" >&2
  logs_tail >&2
  stop >/dev/null
  exit 1
}

start() {
  local n=${1:-2}
  local mem=${RRLFN_WORKER_MEMORY:-$(executor_memory)}
  [ -n "$mem" ] || { echo "standalone: no spark.executor.memory in $HERE/spark-defaults.conf" >&2; exit 2; }
  export SPARK_HOME; SPARK_HOME=$("$HERE/spark-home.sh")
  mkdir -p "$DIR"
  if [ -f "$DIR/master.pid" ] && kill -0 "$(cat "$DIR/master.pid")" 2>/dev/null; then
    echo "standalone: already running (master pid $(cat "$DIR/master.pid"))" >&2; return 1
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || (exec 3<>"/dev/tcp/127.0.0.1/$UI_PORT") 2>/dev/null; then
    echo "standalone: 127.0.0.1:$PORT or :$UI_PORT is already in use (another cluster?); stop it first" >&2; return 1
  fi
  # Each application left a copy of the uber jar in every worker's work dir: start clean.
  rm -rf "$DIR"/worker-*/app-*
  local log4j="-Dlog4j.configurationFile=$SPARK_HOME/conf/log4j2.properties"
  # shellcheck disable=SC2086
  nohup java -Xmx512m $RRLFN_OPENS "$log4j" -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*" \
    org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$PORT" --webui-port "$UI_PORT" \
    >"$DIR/master.log" 2>&1 &
  echo $! >"$DIR/master.pid"
  for i in $(seq 1 "$n"); do
    mkdir -p "$DIR/worker-$i"
    # shellcheck disable=SC2086
    nohup java -Xmx512m $RRLFN_OPENS "$log4j" -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*" \
      org.apache.spark.deploy.worker.Worker "spark://127.0.0.1:$PORT" --host 127.0.0.1 --cores 1 --memory "$mem" \
      --work-dir "$DIR/worker-$i" --webui-port 0 >"$DIR/worker-$i.log" 2>&1 &
    echo $! >"$DIR/worker-$i.pid"
  done
  # Ready when the master itself lists every worker as ALIVE (its /json, as the web UI shows it).
  local alive=0 deadline=$((SECONDS + TIMEOUT))
  while [ "$SECONDS" -lt "$deadline" ]; do
    kill -0 "$(cat "$DIR/master.pid")" 2>/dev/null || fail_start "the master exited"
    for i in $(seq 1 "$n"); do
      kill -0 "$(cat "$DIR/worker-$i.pid")" 2>/dev/null || fail_start "worker-$i exited before registering"
    done
    alive=$(alive_workers)
    [ "$alive" -ge "$n" ] && break
    sleep 1
  done
  [ "$alive" -ge "$n" ] || fail_start "$alive of $n workers registered with the master within ${TIMEOUT} s (RRLFN_START_TIMEOUT)"
  echo "standalone: master spark://127.0.0.1:$PORT (web UI http://127.0.0.1:$UI_PORT) with $n workers," \
    "1 core and $mem each (logs in $DIR)"
}

stop() {
  [ -d "$DIR" ] || return 0
  local pids=()
  for f in "$DIR"/worker-*.pid "$DIR"/master.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    # Workers' executors are child JVMs: end them with their worker.
    pkill -P "$pid" 2>/dev/null || true
    kill "$pid" 2>/dev/null || true
    pids+=("$pid")
    rm -f "$f"
  done
  # Return once they are gone (ports free for the next start): 15 s, then SIGKILL.
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  done
  echo "standalone: stopped"
}

status() {
  for f in "$DIR"/master.pid "$DIR"/worker-*.pid; do
    [ -f "$f" ] && echo "$(basename "$f" .pid) pid $(cat "$f"): $(kill -0 "$(cat "$f")" 2>/dev/null && echo running || echo dead)"
  done
  local json; json=$(master_json)
  if [ -z "$json" ]; then echo "master: no answer on http://127.0.0.1:$UI_PORT/json"; return 1; fi
  python3 -c 'import json,sys
s = json.loads(sys.argv[1])
print("master %s: %s, %d alive workers, cores %d used of %d, memory %d MiB used of %d MiB, %d running apps" % (
    s["url"], s["status"], s["aliveworkers"], s["coresused"], s["cores"], s["memoryused"], s["memory"],
    len(s["activeapps"])))
for w in s["workers"]:
    print("  worker %s: %s, cores %d used of %d, memory %d MiB used of %d MiB" % (
        w["host"] + ":" + str(w["port"]), w["state"], w["coresused"], w["cores"], w["memoryused"], w["memory"]))' "$json"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start [N] | stop | status" >&2; exit 2 ;;
esac
