package org.rrlfn.jobs.memory;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.rrlfn.model.memory.StepMemory;

/**
 * The memory one JVM that runs workers has, and how many workers it runs at once.
 * Local masters: the driver's JVM runs every worker; its bound is the machine's memory that is free now plus what
 * this JVM already holds. Neither the heap limit nor JavaCPP's off-heap limit ({@code RRLFN_OFFHEAP}) bounds the
 * workers' arrays: ND4J allocates them outside both (docs/memory.md). Clusters: an executor runs spark.executor.cores / spark.task.cpus workers at once and has
 * spark.executor.memory + spark.executor.memoryOverhead (what YARN and Kubernetes give its container).
 *
 * @param where        the JVM, for messages ("local[2]: this JVM", "each executor")
 * @param slots        workers one such JVM runs at once at most (local: every worker of the job)
 * @param workers      workers that hold a network in that JVM at once
 * @param bytes        memory the JVM may use in all
 * @param detail       where the numbers come from
 */
public record WorkerBudget(String where, int slots, int workers, long bytes, String detail) {
    /** Spark's default executor overhead: max(384 MiB, memoryOverheadFactor × spark.executor.memory). */
    private static final long MIN_OVERHEAD = 384L << 20;
    /**
     * The share of MemAvailable a local run leaves to the kernel: a run that took all of it left MemAvailable at 0, the
     * kernel reclaiming its page cache and every process on the machine stalled, 5 steps in 11 minutes.
     */
    static final double KERNEL_SHARE = 0.1;

    /**
     * The budget of the JVMs that run {@code jobWorkers} workers under conf's master; {@code available} and
     * {@code resident} are the machine's free memory and this JVM's resident set (used for local masters only).
     */
    public static WorkerBudget of(SparkConf conf, int jobWorkers, long available, long resident) {
        String master = conf.get("spark.master");
        if (master.startsWith("local"))
            return new WorkerBudget(master + ": this JVM", Integer.MAX_VALUE, jobWorkers,
                    Math.round(available * (1 - KERNEL_SHARE)) + resident,
                    String.format(Locale.ROOT, "%.0f %% of the free memory on this machine, %s (MemAvailable), + this"
                            + " JVM's %s; memory another process takes after this check is not counted",
                            100 * (1 - KERNEL_SHARE), StepMemory.gib(available), StepMemory.gib(resident)));
        long memory = conf.getSizeAsBytes("spark.executor.memory", "1g");
        long overhead = conf.contains("spark.executor.memoryOverhead")
                ? conf.getSizeAsMb("spark.executor.memoryOverhead") << 20
                : Math.max(MIN_OVERHEAD, (long) (conf.getDouble("spark.executor.memoryOverheadFactor", 0.10) * memory));
        int taskCpus = conf.getInt("spark.task.cpus", 1);
        boolean coresSet = conf.contains("spark.executor.cores");
        int slots = Math.max(1, conf.getInt("spark.executor.cores", 1) / taskCpus);
        return new WorkerBudget("each executor", slots, Math.min(jobWorkers, slots), memory + overhead,
                String.format(Locale.ROOT, "spark.executor.memory %s + spark.executor.memoryOverhead %s; %d task(s)"
                                + " at once (spark.executor.cores %s / spark.task.cpus %d)", StepMemory.gib(memory),
                        StepMemory.gib(overhead), slots, coresSet ? conf.get("spark.executor.cores") : "unset, 1 assumed",
                        taskCpus));
    }

    /** Tasks the master runs at once in one JVM: N of local[N] (all cores for local[*]); executors: unbounded here. */
    public static int localTasks(SparkConf conf) {
        Matcher m = Pattern.compile("local\\[(\\d+|\\*)").matcher(conf.get("spark.master"));
        if (!m.lookingAt()) return conf.get("spark.master").equals("local") ? 1 : Integer.MAX_VALUE;
        return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
    }

    public boolean local() { return slots == Integer.MAX_VALUE; }

    /** The same JVMs running a job of n workers. */
    public WorkerBudget withJobWorkers(int n) {
        return new WorkerBudget(where, slots, Math.min(n, slots), bytes, detail);
    }
}
