package org.rrlfn.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
    @Test
    void threadsAreDaemonsWithTheGivenName() {
        Thread t = DaemonThreads.named("rrlfn-test-chore").newThread(() -> { });
        assertTrue(t.isDaemon());
        assertEquals("rrlfn-test-chore", t.getName());
    }
}
