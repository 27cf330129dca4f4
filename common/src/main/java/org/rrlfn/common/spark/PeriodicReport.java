package org.rrlfn.common.spark;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.rrlfn.common.DaemonThreads;

/**
 * Runs a driver-side progress report every few seconds while a Spark job runs (its accumulators merge as tasks
 * finish), and once more when closed, so the last line always shows the final counts.
 */
public final class PeriodicReport implements AutoCloseable {
    private final Runnable report;
    private final ScheduledExecutorService timer;

    public PeriodicReport(String name, int everySeconds, Runnable report) {
        this.report = report;
        this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(name));
        timer.scheduleAtFixedRate(report, everySeconds, everySeconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        report.run();
    }
}
