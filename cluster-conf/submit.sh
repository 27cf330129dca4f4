#!/usr/bin/env bash
# spark-submit without a Spark distribution: org.apache.spark.deploy.SparkSubmit from the Maven-assembled
# runtime, with the uber jar and cluster-conf/spark-defaults.conf.
#   cluster-conf/submit.sh MASTER <rrlfn command> [--config FILE] [key=value ...]
# Extra spark-submit options go in RRLFN_SUBMIT_OPTS (e.g. "--conf spark.executor.memory=2g").
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
. "$HERE/java-opts.sh"
[ $# -ge 2 ] || { echo "usage: $0 MASTER <command> [args...]" >&2; exit 2; }
MASTER=$1; shift
export SPARK_HOME; SPARK_HOME=$("$HERE/spark-home.sh")
export SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
JAR=$(ls "$ROOT"/jobs/target/rrlfn-jobs-*-spark.jar | head -n 1)
# shellcheck disable=SC2086
exec java -Xmx"${RRLFN_HEAP:-4g}" $RRLFN_OPENS -Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2 \
  -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit \
  --master "$MASTER" --deploy-mode client --properties-file "$HERE/spark-defaults.conf" \
  --conf spark.driver.host=127.0.0.1 ${RRLFN_SUBMIT_OPTS:-} \
  --class org.rrlfn.jobs.Main "$JAR" "$@"
