package org.rrlfn.jobs.upscale;

import java.util.List;
import org.rrlfn.common.files.Rejection;

/** The job's summary; {@code failed} lists every input that produced no output, with the reason. */
public record UpscaleResult(int images, int done, int skipped, List<Rejection> failed, long outputPixels,
                            double seconds, String engine) {
    /** Output megapixels written per second of wall time (skipped images count for nothing). */
    public double megapixelsPerSecond() {
        return outputPixels / 1e6 / Math.max(seconds, 1e-9);
    }

    public String summary() {
        return String.format("upscaled %d images with %s: %d done, %d skipped (complete), %d failed; %.1f output MP in"
                + " %.1f s wall, %.2f MP/s", images, engine, done, skipped, failed.size(), outputPixels / 1e6, seconds,
                megapixelsPerSecond());
    }
}
