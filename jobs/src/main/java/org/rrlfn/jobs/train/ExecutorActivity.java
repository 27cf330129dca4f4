package org.rrlfn.jobs.train;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.rrlfn.common.log.Console;

/**
 * Which executors did the work: counts finished tasks per executor id and reports executors joining and
 * leaving, so a log shows that parameter averaging really ran on every executor and survived losing one.
 */
public final class ExecutorActivity extends SparkListener {
    private final Map<String, AtomicInteger> tasks = new ConcurrentHashMap<>();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        tasks.computeIfAbsent(end.taskInfo().executorId(), k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void onExecutorAdded(SparkListenerExecutorAdded e) {
        Console.info("executor %s added on %s", e.executorId(), e.executorInfo().executorHost());
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
        Console.info("executor %s removed: %s", e.executorId(), e.reason());
    }

    /** Task counts per executor id since the last call, then reset. */
    public Map<String, Integer> drain() {
        Map<String, Integer> out = new TreeMap<>();
        tasks.forEach((id, n) -> out.put(id, n.getAndSet(0)));
        out.values().removeIf(n -> n == 0);
        return out;
    }
}
