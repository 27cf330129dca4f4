#!/usr/bin/env bash
# spark-submit without a Spark distribution: org.apache.spark.deploy.SparkSubmit from the Maven-assembled
# runtime (spark-home.sh), in client mode, with the uber jar, cluster-conf/spark-defaults.conf and
# cluster-conf/log4j2.properties (progress lines on the console, as bin/rrlfn prints them).
#   cluster-conf/submit.sh MASTER <rrlfn command> [--config FILE] [key=value ...]
# MASTER: spark://HOST:PORT, or yarn (HADOOP_CONF_DIR or YARN_CONF_DIR must name the cluster's client
# configuration; the containers take Spark's jars from this runtime's folder, local: to a single-machine YARN,
# run this machine's Java and bind to SPARK_LOCAL_IP (127.0.0.1 unless set) as the driver does; see docs/cluster.md).
# Optional environment: RRLFN_HEAP (driver heap, default 4g); RRLFN_SUBMIT_OPTS (extra spark-submit options).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
. "$HERE/java-opts.sh"
[ $# -ge 2 ] || { echo "usage: $0 MASTER <command> [args...]" >&2; exit 2; }
MASTER=$1; shift
export SPARK_HOME; SPARK_HOME=$("$HERE/spark-home.sh")
export SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
JAR=$(ls "$ROOT"/jobs/target/rrlfn-jobs-*-spark.jar 2>/dev/null | head -n 1 || true)
[ -n "$JAR" ] || { echo "submit: no jobs/target/rrlfn-jobs-*-spark.jar; build it first: mvn -DskipTests package" >&2; exit 2; }
EXTRA=()
CP="$SPARK_HOME/conf:$SPARK_HOME/jars/*"
if [ "$MASTER" = yarn ]; then
  # As Spark's own launcher does: the cluster's client configuration (fs.defaultFS, the ResourceManager) on the
  # driver's class path.
  CP="${HADOOP_CONF_DIR:+$HADOOP_CONF_DIR:}${YARN_CONF_DIR:+$YARN_CONF_DIR:}$CP"
  [ -n "${HADOOP_CONF_DIR:-}${YARN_CONF_DIR:-}" ] || { echo "submit: --master yarn needs HADOOP_CONF_DIR (or YARN_CONF_DIR)" >&2; exit 2; }
  JAVA_DIR=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  EXTRA=(--conf "spark.yarn.jars=local:$SPARK_HOME/jars/*"
         --conf "spark.yarn.appMasterEnv.JAVA_HOME=${JAVA_HOME:-$JAVA_DIR}"
         --conf "spark.executorEnv.JAVA_HOME=${JAVA_HOME:-$JAVA_DIR}"
         --conf "spark.yarn.appMasterEnv.SPARK_LOCAL_IP=$SPARK_LOCAL_IP"
         --conf "spark.executorEnv.SPARK_LOCAL_IP=$SPARK_LOCAL_IP")
fi
# shellcheck disable=SC2086
exec java -Xmx"${RRLFN_HEAP:-4g}" $RRLFN_OPENS -Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2 \
  -Dlog4j.configurationFile="$SPARK_HOME/conf/log4j2.properties" \
  -cp "$CP" org.apache.spark.deploy.SparkSubmit \
  --master "$MASTER" --deploy-mode client --properties-file "$HERE/spark-defaults.conf" \
  --conf spark.driver.host=127.0.0.1 "${EXTRA[@]}" ${RRLFN_SUBMIT_OPTS:-} \
  --class org.rrlfn.jobs.Main "$JAR" "$@"
