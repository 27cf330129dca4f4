#!/usr/bin/env bash
# Sourced by the cluster scripts: the Java 17 module opens every Spark JVM needs.
RRLFN_OPENS=""
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar jdk.internal.ref; do
  RRLFN_OPENS="$RRLFN_OPENS --add-opens=java.base/$p=ALL-UNNAMED"
done
export RRLFN_OPENS
