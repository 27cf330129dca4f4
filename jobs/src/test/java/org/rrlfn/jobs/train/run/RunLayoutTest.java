package org.rrlfn.jobs.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The names of a run folder's files: those runs written so far have (a resume finds them), and train's claim covers them. */
class RunLayoutTest {
    @Test
    void namesAreThoseOfExistingRuns() {
        assertEquals("stages/x2-run1/final.zip", RunLayout.finalModel("x2-run1"));
        assertEquals("stages/x2-run1/ckpt-r12.zip", RunLayout.checkpoint("x2-run1", 12));
        assertEquals("state-000018.json", RunLayout.state(18));
        assertEquals(List.of("run-config.json", "config-history.log", "data-identity.json", "metrics.csv",
                        "training-curves.png"), List.of(RunLayout.RUN_CONFIG, RunLayout.CONFIG_HISTORY,
                RunLayout.DATA_IDENTITY, RunLayout.METRICS, RunLayout.CURVES));
    }

    @Test
    void stateFilesSortByTheirSequenceAndOtherNamesAreNotStates() {
        assertEquals(OptionalInt.of(18), RunLayout.stateSequence(RunLayout.state(18)));
        assertTrue(RunLayout.state(999).compareTo(RunLayout.state(1000)) < 0, "name order is save order");
        for (String other : List.of("state-18.json", "state-000018.json.tmp", ".state-000018.json.crc", "metrics.csv"))
            assertEquals(OptionalInt.empty(), RunLayout.stateSequence(other), other);
    }

    @Test
    void checkpointsAreToldFromTheFinalModel() {
        String checkpoint = RunLayout.checkpoint("s", 3);
        assertTrue(checkpoint.startsWith(RunLayout.stage("s") + "/"));
        assertTrue(RunLayout.isCheckpoint(name(checkpoint)));
        assertFalse(RunLayout.isCheckpoint(name(RunLayout.finalModel("s"))));
    }

    @Test
    void trainsClaimOnItsFolderCoversEveryNameItWritesAtTheTop() {
        for (String top : List.of(RunLayout.RUN_CONFIG, RunLayout.CONFIG_HISTORY, RunLayout.DATA_IDENTITY,
                RunLayout.METRICS, RunLayout.CURVES, RunLayout.state(1), RunLayout.stage("s").split("/")[0]))
            assertTrue(RunLayout.OUTPUT.writes().matcher(top).matches(), top);
        assertFalse(RunLayout.OUTPUT.writes().matcher("photos").matches(), "a name train never writes is not claimed");
    }

    private static String name(String path) { return path.substring(path.lastIndexOf('/') + 1); }
}
