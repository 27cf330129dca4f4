package org.rrlfn.common.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JobProgressTest {
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private double done;

    private JobProgress progress() {
        return new JobProgress("upscale", "images", 10, () -> done,
                s -> String.format(Locale.ROOT, "%.1f MP/s", 8 / s), 3600, nanos::get);
    }

    /** 4 of 10 images in 20 s: 5 s an image, so 6 left take 30 s; the job's detail gets the same 20 s (8 MP / 20 s). */
    @Test
    void etaIsTheMeanTimePerFinishedItemTimesTheItemsLeft() {
        try (JobProgress p = progress()) {
            done = 4;
            nanos.addAndGet(20_000_000_000L);
            assertEquals("upscale: images 4/10 done, 0.4 MP/s, ETA 30 s", p.line());
        }
    }

    /** Prepare counts an image in parts as its bands finish: 2.5 shows as 2, and the ETA uses 2.5 (10 s / 2.5 · 7.5). */
    @Test
    void aFractionalCountShowsWholeItemsAndKeepsItsFractionInTheEta() {
        try (JobProgress p = progress()) {
            done = 2.5;
            nanos.addAndGet(10_000_000_000L);
            assertEquals("upscale: images 2/10 done, 0.8 MP/s, ETA 30 s", p.line());
        }
    }

    @Test
    void beforeAnythingFinishesTheEtaIsUnknownAndTheRateDoesNotDivideByZero() {
        try (JobProgress p = progress()) {
            String line = p.line();
            assertTrue(line.startsWith("upscale: images 0/10 done, ") && line.endsWith(", ETA unknown"), line);
            assertFalse(line.contains("Infinity") || line.contains("NaN"), line);
        }
    }
}
