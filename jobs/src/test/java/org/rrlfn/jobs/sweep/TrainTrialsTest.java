package org.rrlfn.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rrlfn.common.config.Settings;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.config.TrainSettings;

/**
 * The stage whose validation a rung reads: the one a run stopped after that many steps stands in. The real training
 * behind it is SweepCommandTest's ASHA sweep.
 */
class TrainTrialsTest {
    @Test
    void aRungReadsTheStageItsStepsEndIn() {
        List<Stage> stages = TrainSettings.from(Settings.load(List.of("train.stages=[{name = a, scale = 2, init = scratch,"
                + " iterations = 4}, {name = b, scale = 4, init = previous, iterations = 6}]"), Map.of()).config()).stages();
        assertEquals(List.of("a", "a", "b", "b"), List.of(1L, 4L, 5L, 10L).stream()
                .map(s -> TrainTrials.stageAt(stages, s).name()).toList(), "a stage's last step belongs to it");
    }
}
