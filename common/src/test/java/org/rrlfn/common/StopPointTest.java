package org.rrlfn.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Where a command stands, per thread: what the line of a stop by signal names. */
class StopPointTest {
    @Test
    void eachLiveThreadSaysWhereItIsWithinItsContextInTheOrderTheyGotThere() throws Exception {
        assertNull(StopPoint.now());
        StopPoint.at("stage s round 1/10");
        CountDownLatch placed = new CountDownLatch(1), done = new CountDownLatch(1);
        Thread trial = new Thread(() -> {
            StopPoint.context("trial-001");
            StopPoint.at("stage t round 2/4");
            placed.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        trial.start();
        placed.await();
        assertEquals("stage s round 1/10, trial-001 stage t round 2/4", StopPoint.now());
        StopPoint.at("stage s round 2/10");
        assertEquals("stage s round 2/10, trial-001 stage t round 2/4", StopPoint.now(), "a thread's place moves on");
        done.countDown();
        trial.join();
        assertEquals("stage s round 2/10", StopPoint.now(), "an ended thread is nowhere");
        StopPoint.clear();
        assertNull(StopPoint.now());
    }
}
