package org.rrlfn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.rrlfn.jobs.LocalSpark;

/** Tasks per executor id between two drains (local mode's one executor is the driver). */
class ExecutorActivityTest {
    @Test
    void countsFinishedTasksPerExecutorSinceTheLastDrain() throws InterruptedException {
        try (JavaSparkContext sc = LocalSpark.start("executor-activity")) {
            ExecutorActivity activity = new ExecutorActivity();
            sc.sc().addSparkListener(activity);
            sc.parallelize(List.of(1, 2, 3, 4, 5, 6), 3).count();
            Map<String, Integer> first = waitFor(activity, 3);
            assertEquals(Map.of("driver", 3), first);
            assertEquals(Map.of(), activity.drain(), "reset by the drain");
            sc.parallelize(List.of(1, 2), 2).count();
            assertEquals(Map.of("driver", 2), waitFor(activity, 2));
        }
    }

    /** The listener bus delivers task ends asynchronously. */
    private static Map<String, Integer> waitFor(ExecutorActivity a, int tasks) throws InterruptedException {
        Map<String, Integer> seen = new java.util.TreeMap<>();
        for (int i = 0; i < 100 && seen.values().stream().mapToInt(Integer::intValue).sum() < tasks; i++) {
            a.drain().forEach((k, v) -> seen.merge(k, v, Integer::sum));
            Thread.sleep(50);
        }
        return seen;
    }
}
