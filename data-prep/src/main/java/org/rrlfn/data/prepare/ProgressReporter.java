package org.rrlfn.data.prepare;

import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.rrlfn.common.spark.PeriodicReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driver-side progress lines while the prepare job runs, from accumulators that Spark merges as tasks finish:
 * images done of total, sub-image pairs written, and the rate since the start.
 */
final class ProgressReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);

    private final DoubleAccumulator imagesDone;
    private final LongAccumulator patches;
    private final int images;
    private final long start = System.nanoTime();
    private final PeriodicReport periodic;

    ProgressReporter(DoubleAccumulator imagesDone, LongAccumulator patches, int images, int everySeconds) {
        this.imagesDone = imagesDone;
        this.patches = patches;
        this.images = images;
        this.periodic = new PeriodicReport("prepare-progress", everySeconds, this::report);
    }

    void report() {
        double seconds = (System.nanoTime() - start) / 1e9;
        long p = patches.value();
        LOG.info(String.format("prepare: images %.0f/%d done, %d sub-image pairs written, %.1f pairs/s",
                Math.floor(imagesDone.value() + 1e-9), images, p, p / Math.max(seconds, 1e-9)));
    }

    @Override
    public void close() {
        periodic.close();
    }
}
