package org.rrlfn.common.spark;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;

/**
 * How many tasks a Spark configuration can run at once, read from the configuration alone (before Spark starts):
 * what a barrier stage, which starts all its tasks together or none, can count on.
 */
public final class TaskSlots {
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?])?");
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[(\\d+),\\s*(\\d+),\\s*\\d+]");

    private TaskSlots() { }

    /**
     * The task slots the configuration declares: local[N] has N (local[*] one per core), local-cluster[n, c, m]
     * n × c; a cluster master spark.executor.instances × spark.executor.cores, or spark.cores.max, over
     * spark.task.cpus. Empty where the cluster manager decides (dynamic allocation, or neither set).
     */
    public static OptionalInt declared(SparkConf conf) {
        String master = conf.get("spark.master", "local[*]");
        int taskCpus = conf.getInt("spark.task.cpus", 1);
        Matcher m = LOCAL.matcher(master);
        if (m.matches()) {
            String n = m.group(1);
            return OptionalInt.of(n == null ? 1 : n.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n));
        }
        m = LOCAL_CLUSTER.matcher(master);
        if (m.matches()) return OptionalInt.of(Integer.parseInt(m.group(1)) * Integer.parseInt(m.group(2)) / taskCpus);
        if (conf.getBoolean("spark.dynamicAllocation.enabled", false)) return OptionalInt.empty();
        if (conf.contains("spark.executor.instances") && conf.contains("spark.executor.cores"))
            return OptionalInt.of(conf.getInt("spark.executor.instances", 0) * (conf.getInt("spark.executor.cores", 1) / taskCpus));
        if (conf.contains("spark.cores.max")) return OptionalInt.of(conf.getInt("spark.cores.max", 0) / taskCpus);
        return OptionalInt.empty();
    }
}
