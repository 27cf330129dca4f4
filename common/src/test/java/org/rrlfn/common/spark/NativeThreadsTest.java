package org.rrlfn.common.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NativeThreadsTest {

    @Test
    void localMastersShareTheCoresAmongTheirConcurrentTasks() {
        assertEquals(2, NativeThreads.forLocal("local", 2, 1));
        assertEquals(2, NativeThreads.forLocal("local[1]", 2, 1));
        assertEquals(1, NativeThreads.forLocal("local[2]", 2, 1));
        assertEquals(4, NativeThreads.forLocal("local[4]", 16, 1));
        assertEquals(1, NativeThreads.forLocal("local[*]", 8, 1));
        assertEquals(2, NativeThreads.forLocal("local[4, 3]", 8, 1));   // local[N, maxFailures]
        assertEquals(2, NativeThreads.forLocal("local[8]", 8, 2));      // never below spark.task.cpus
    }

    @Test
    void clusterMastersAreNotLocal() {
        assertEquals(-1, NativeThreads.forLocal("spark://127.0.0.1:7077", 2, 1));
        assertEquals(-1, NativeThreads.forLocal("yarn", 2, 1));
        assertEquals(-1, NativeThreads.forLocal("local-cluster[2,1,1024]", 2, 1));
    }
}
