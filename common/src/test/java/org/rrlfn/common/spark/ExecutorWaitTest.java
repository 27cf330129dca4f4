package org.rrlfn.common.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class ExecutorWaitTest {
    @Test
    void messageNamesTheRequestedAndTheOfferedResources() {
        SparkConf conf = new SparkConf(false).set("spark.master", "spark://127.0.0.1:7077")
                .set("spark.executor.memory", "6g").set("spark.executor.memoryOverhead", "6g")
                .set("spark.executor.cores", "2");
        String offers = "  offered by the master spark://127.0.0.1:7077 (status ALIVE): 1 alive worker(s):\n"
                + "    worker 127.0.0.1:40000: 1 core(s) (1 free), 3072 MiB memory (3072 MiB free)\n";
        String m = ExecutorWait.message(conf, 30, offers);
        assertTrue(m.startsWith("no executor registered with spark://127.0.0.1:7077 within 30 s (rrlfn.spark.executor-wait-seconds)"), m);
        assertTrue(m.contains("requested per executor: 2 core(s), 6144 MiB memory (spark.executor.memory) + 6144 MiB overhead"), m);
        assertTrue(m.contains("3072 MiB memory (3072 MiB free)"), m);
    }

    @Test
    void withoutAMasterStateTheMessageSaysWhereToLook() {
        SparkConf conf = new SparkConf(false).set("spark.master", "yarn").set("spark.executor.memory", "512m");
        String m = ExecutorWait.message(conf, 5, null);
        assertTrue(m.contains("1 core (spark.executor.cores unset), 512 MiB memory"), m);
        assertTrue(m.contains("see the cluster manager"), m);
    }
}
