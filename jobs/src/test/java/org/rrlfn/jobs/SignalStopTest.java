package org.rrlfn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The line a stop by signal prints (DriverEndingsTest sends the signals to real drivers). */
class SignalStopTest {
    @Test
    void theLineSaysWhatStoppedWhereAndWhetherTheSameCommandResumes() {
        assertEquals("rrlfn train: stopped by SIGTERM at stage s round 3/10; the same command resumes",
                SignalStop.line("train", "TERM", "stage s round 3/10", true));
        assertEquals("rrlfn sweep: stopped by SIGINT; the same command resumes",
                SignalStop.line("sweep", "INT", null, true), "before any round: nowhere to name");
        assertEquals("rrlfn upscale: stopped by SIGINT", SignalStop.line("upscale", "INT", null, false));
        assertEquals("rrlfn: stopped by SIGTERM", SignalStop.line("", "TERM", null, false), "before a command was read");
    }
}
