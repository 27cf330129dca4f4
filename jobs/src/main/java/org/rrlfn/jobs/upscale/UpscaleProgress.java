package org.rrlfn.jobs.upscale;

import org.apache.spark.util.LongAccumulator;
import org.rrlfn.common.spark.PeriodicReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driver-side progress lines while the job runs: images finished of total, output megapixels per second, and an ETA
 * from the mean time per finished image. Accumulators merge when a task ends, i.e. per image.
 */
final class UpscaleProgress implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UpscaleProgress.class);

    private final LongAccumulator imagesFinished;
    private final LongAccumulator pixelsWritten;
    private final int images;
    private final long start = System.nanoTime();
    private final PeriodicReport periodic;

    UpscaleProgress(LongAccumulator imagesFinished, LongAccumulator pixelsWritten, int images, int everySeconds) {
        this.imagesFinished = imagesFinished;
        this.pixelsWritten = pixelsWritten;
        this.images = images;
        this.periodic = new PeriodicReport("upscale-progress", everySeconds, this::report);
    }

    void report() {
        double seconds = (System.nanoTime() - start) / 1e9;
        long done = imagesFinished.value();
        String eta = done == 0 ? "unknown" : String.format("%.0f s", seconds / done * (images - done));
        LOG.info(String.format("upscale: images %d/%d, %.1f output MP written, %.2f MP/s, ETA %s", done, images,
                pixelsWritten.value() / 1e6, pixelsWritten.value() / 1e6 / Math.max(seconds, 1e-9), eta));
    }

    @Override
    public void close() {
        periodic.close();
    }
}
