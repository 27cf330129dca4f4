package org.rrlfn.common.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Median wall time of repeated runs, after warm-up runs that are not timed. */
class TimingTest {
    @Test
    void runsWarmUpsAndRepeatsAndTakesTheMedian() {
        AtomicInteger runs = new AtomicInteger();
        // Run k sleeps 0, 20, 0, 20, 0 ms...: 3 warm-ups (0, 20, 0), then 20, 0, 20, 0, 20: median 20 ms.
        double ms = Timing.medianMs(3, 5, () -> sleep(runs.getAndIncrement() % 2 == 1 ? 20 : 0));
        assertEquals(8, runs.get());
        assertTrue(ms >= 19 && ms < 200, "median " + ms);
        AtomicInteger once = new AtomicInteger();
        double even = Timing.medianMs(2, () -> sleep(once.getAndIncrement() == 0 ? 0 : 1));
        assertEquals(3, once.get(), "one warm-up by default");
        assertTrue(even >= 0.9, "mean of the middle two of two runs: " + even);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
