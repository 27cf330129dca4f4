#!/usr/bin/env bash
# Assembles a Spark 3.5 runtime from Maven Central (no Spark distribution can be downloaded here): a SPARK_HOME
# whose jars/ links every jar of spark-runtime/pom.xml's closure, as a distribution's jars/ would hold them.
# Its conf/ holds cluster-conf/log4j2.properties. Prints its path.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
HOME_DIR=${RRLFN_SPARK_HOME:-$HERE/runtime/spark-home}
CP_FILE="$HOME_DIR/classpath.txt"
mkdir -p "$HOME_DIR/jars" "$HOME_DIR/conf"
if [ ! -f "$CP_FILE" ] || [ "$HERE/spark-runtime/pom.xml" -nt "$CP_FILE" ]; then
  mvn -B -q -f "$HERE/spark-runtime/pom.xml" dependency:build-classpath -Dmdep.outputFile="$CP_FILE.tmp" >&2
  find "$HOME_DIR/jars" -name '*.jar' -type l -delete
  tr ':' '\n' < "$CP_FILE.tmp" | while read -r jar; do
    [ -n "$jar" ] && ln -sf "$jar" "$HOME_DIR/jars/$(basename "$jar")"
  done
  mv "$CP_FILE.tmp" "$CP_FILE"
fi
# Spark puts conf/ on the class path of every daemon and executor it launches: they all log through this file.
ln -sf "$HERE/log4j2.properties" "$HOME_DIR/conf/log4j2.properties"
echo "$HOME_DIR"
