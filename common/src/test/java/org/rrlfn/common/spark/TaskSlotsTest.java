package org.rrlfn.common.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalInt;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class TaskSlotsTest {
    private static OptionalInt slots(String master, String... kv) {
        SparkConf c = new SparkConf(false).setMaster(master);
        for (int i = 0; i < kv.length; i += 2) c.set(kv[i], kv[i + 1]);
        return TaskSlots.declared(c);
    }

    @Test
    void localMastersHaveTheirThreads() {
        assertEquals(OptionalInt.of(1), slots("local"));
        assertEquals(OptionalInt.of(2), slots("local[2]"));
        assertEquals(OptionalInt.of(3), slots("local[3,4]"), "local[N, maxFailures]");
        assertEquals(OptionalInt.of(Runtime.getRuntime().availableProcessors()), slots("local[*]"));
        assertEquals(OptionalInt.of(6), slots("local-cluster[3, 2, 1024]"));
    }

    @Test
    void aClusterHasWhatItsExecutorsDeclareOverTheCoresATaskTakes() {
        assertEquals(OptionalInt.of(8), slots("yarn", "spark.executor.instances", "4", "spark.executor.cores", "2"));
        assertEquals(OptionalInt.of(4), slots("yarn", "spark.executor.instances", "4", "spark.executor.cores", "2",
                "spark.task.cpus", "2"));
        assertEquals(OptionalInt.of(3), slots("spark://h:7077", "spark.cores.max", "3"));
        assertEquals(OptionalInt.empty(), slots("spark://h:7077"), "the master decides");
        assertEquals(OptionalInt.empty(), slots("yarn", "spark.executor.instances", "4", "spark.executor.cores", "2",
                "spark.dynamicAllocation.enabled", "true"));
    }
}
