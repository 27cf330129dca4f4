package org.rrlfn.jobs.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** What a worker's JVM has, read from the Spark configuration as Spark itself sizes executors. */
class WorkerBudgetTest {
    private static final long GIB = 1L << 30, MIB = 1L << 20;

    private static SparkConf cluster() {
        return new SparkConf(false).setMaster("spark://127.0.0.1:7077");
    }

    @Test
    void anExecutorHasItsMemoryAndOverheadAndRunsCoresOverTaskCpusWorkers() {
        SparkConf conf = cluster().set("spark.executor.memory", "2g").set("spark.executor.memoryOverhead", "2g")
                .set("spark.executor.cores", "4").set("spark.task.cpus", "2");
        WorkerBudget b = WorkerBudget.of(conf, 8, 0, 0);
        assertEquals(4 * GIB, b.bytes());
        assertEquals(2, b.slots());
        assertEquals(2, b.workers());
        assertEquals(1, b.withJobWorkers(1).workers());
        assertFalse(b.local());
    }

    /** Spark's defaults: 1g executors, overhead max(384 MiB, 10 %), memoryOverhead in MiB when it has no unit. */
    @Test
    void sparksDefaultsApply() {
        assertEquals(GIB + 384 * MIB, WorkerBudget.of(cluster(), 2, 0, 0).bytes());
        assertEquals(8 * GIB + (long) (0.1 * 8 * GIB),
                WorkerBudget.of(cluster().set("spark.executor.memory", "8g"), 2, 0, 0).bytes());
        assertEquals(GIB + 512 * MIB, WorkerBudget.of(cluster().set("spark.executor.memoryOverhead", "512"), 2, 0, 0).bytes());
        assertEquals(1, WorkerBudget.of(cluster(), 2, 0, 0).workers());
    }

    @Test
    void aLocalMasterRunsEveryWorkerInThisJvmAndLeavesTheKernelItsShare() {
        WorkerBudget b = WorkerBudget.of(new SparkConf(false).setMaster("local[2]"), 4, 10 * GIB, GIB);
        assertTrue(b.local());
        assertEquals(4, b.workers());
        assertEquals(9 * GIB + GIB, b.bytes(), "90 % of the 10 GiB free (the rest is the kernel's) + this JVM's 1 GiB");
        assertTrue(b.detail().startsWith("90 % of the free memory on this machine, 10.00 GiB (MemAvailable)"), b.detail());
    }
}
