package org.rrlfn.common.spark;

import java.util.Locale;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driver-side progress of a Spark job, a line every few seconds and one when closed: items done of total, the job's
 * own words on what it wrote and how fast, and an ETA from the mean time per finished item. The counts come from
 * accumulators, which Spark merges as tasks end.
 */
public final class JobProgress implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobProgress.class);

    /** The job's part of a line (what it wrote, its rate), given the seconds since the start (never 0). */
    public interface Detail { String at(double seconds); }

    private final String job;
    private final String items;
    private final int total;
    private final DoubleSupplier done;
    private final Detail detail;
    private final LongSupplier nanoClock;
    private final long start;
    private final PeriodicReport periodic;

    /** Lines as "job: items done/total done, detail, ETA …", logged every everySeconds. */
    public JobProgress(String job, String items, int total, DoubleSupplier done, Detail detail, int everySeconds) {
        this(job, items, total, done, detail, everySeconds, System::nanoTime);
    }

    JobProgress(String job, String items, int total, DoubleSupplier done, Detail detail, int everySeconds,
                LongSupplier nanoClock) {
        this.job = job;
        this.items = items;
        this.total = total;
        this.done = done;
        this.detail = detail;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
        this.periodic = new PeriodicReport(job + "-progress", everySeconds, () -> LOG.info(line()));
    }

    /** The line as of now; a fractional count (an image half written) shows whole items and counts in the ETA. */
    public String line() {
        double seconds = Math.max((nanoClock.getAsLong() - start) / 1e9, 1e-9);
        double d = done.getAsDouble();
        String eta = d <= 0 ? "unknown" : String.format(Locale.ROOT, "%.0f s", seconds / d * Math.max(total - d, 0));
        return String.format(Locale.ROOT, "%s: %s %.0f/%d done, %s, ETA %s", job, items, Math.floor(d + 1e-9), total,
                detail.at(seconds), eta);
    }

    @Override
    public void close() {
        periodic.close();
    }
}
