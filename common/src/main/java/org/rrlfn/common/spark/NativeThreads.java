package org.rrlfn.common.spark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's native (OpenMP) threads per task, from the cores the task has: ND4J otherwise runs every op on all of
 * the machine's cores, so the two workers of a {@code local[2]} JVM ran 2 × 2 threads on 2 cores, and each
 * executor of a cluster as many threads as its machine has cores, whatever Spark gave it.
 * local[N]: this JVM runs N tasks at once, each gets cores / N threads (at least spark.task.cpus);
 * executors in their own JVMs: OMP_NUM_THREADS = spark.task.cpus (what libnd4j reads at start-up).
 */
public final class NativeThreads {
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\d+|\\*)(?:,\\s*\\d+)?])?");

    private NativeThreads() { }

    /** Threads per task for a local master on a machine with {@code cores}; -1 if the master is not local. */
    static int forLocal(String master, int cores, int taskCpus) {
        Matcher m = LOCAL.matcher(master.trim());
        if (!m.matches()) return -1;
        int tasks = m.group(1) == null ? 1 : m.group(1).equals("*") ? cores : Integer.parseInt(m.group(1));
        return Math.max(taskCpus, cores / Math.max(1, tasks));
    }

    /**
     * @param threads the configured count: 0 derives it as above, n > 0 sets n for every task
     */
    static void apply(SparkConf conf, int threads) {
        int taskCpus = conf.getInt("spark.task.cpus", 1);
        int local = forLocal(conf.get("spark.master"), Runtime.getRuntime().availableProcessors(), taskCpus);
        if (local > 0) {
            int n = threads > 0 ? threads : local;
            Nd4j.getEnvironment().setMaxThreads(n);
            Nd4j.getEnvironment().setMaxMasterThreads(n);
        } else {
            conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", String.valueOf(threads > 0 ? threads : taskCpus));
        }
    }
}
