package org.rrlfn.common.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobProgressTest {
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private double done;

    private JobProgress progress() {
        return new JobProgress("upscale", "images", 10, () -> done,
                s -> String.format(Locale.ROOT, "%.1f MP/s", 8 / s), 3600, nanos::get);
    }

    /**
     * 4 of 10 images in 20 s: 5 s an image, so the 6 left take 30 s, and the job's detail gets the same 20 s (8 MP /
     * 20 s). Prepare counts an image in parts as its bands finish: 2.5 in 10 s shows as 2 and keeps its fraction in the
     * ETA (10 s / 2.5 · 7.5 = 30 s).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "4   | 20 | upscale: images 4/10 done, 0.4 MP/s, ETA 30 s",
            "2.5 | 10 | upscale: images 2/10 done, 0.8 MP/s, ETA 30 s"})
    void etaIsTheMeanTimePerFinishedItemTimesTheItemsLeft(double count, long seconds, String expected) {
        try (JobProgress p = progress()) {
            done = count;
            nanos.addAndGet(seconds * 1_000_000_000L);
            assertEquals(expected, p.line());
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
