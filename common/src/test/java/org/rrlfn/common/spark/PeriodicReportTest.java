package org.rrlfn.common.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A report every N seconds while a job runs, and a last one when it closes. */
class PeriodicReportTest {
    @Test
    void reportsPeriodicallyOnADaemonThreadAndOnceMoreOnClose() throws InterruptedException {
        AtomicInteger reports = new AtomicInteger();
        String[] thread = new String[1];
        boolean[] daemon = new boolean[1];
        PeriodicReport r = new PeriodicReport("test-report", 1, () -> {
            reports.incrementAndGet();
            thread[0] = Thread.currentThread().getName();
            daemon[0] = Thread.currentThread().isDaemon();
        });
        Thread.sleep(2500);
        int periodic = reports.get();
        assertTrue(periodic >= 1 && periodic <= 3, "after 2.5 s at 1 s: " + periodic);
        assertEquals("test-report", thread[0]);
        assertTrue(daemon[0], "never keeps the JVM alive");
        r.close();
        assertEquals(periodic + 1, reports.get(), "the closing report");
        Thread.sleep(1500);
        assertEquals(periodic + 1, reports.get(), "nothing after close");
    }
}
