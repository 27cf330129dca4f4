package org.rrlfn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.config.Settings;
import org.rrlfn.jobs.LocalSpark;
import org.rrlfn.jobs.SyntheticSubImages;
import org.rrlfn.jobs.train.config.TrainSettings;
import org.rrlfn.jobs.train.run.RunState;

/**
 * rrlfn.train.stop-after-steps, the bound a sweep's ASHA rungs train to: the run stops validated and checkpointed
 * inside a stage, a re-run with the same bound trains nothing, and a larger bound continues it as a resume (the bound
 * is no part of the run's configuration).
 */
class StopAfterStepsTest {
    @TempDir File dir;

    private TrainSettings settings(File data, long stopAfter) {
        return TrainSettings.from(Settings.load(List.of("train.data=" + data.getPath(),
                "train.run=" + new File(dir, "run").getPath(), "model.channels=8", "model.blocks=1", "model.esa-channels=4",
                "train.batch-size=8", "train.hr-patch=32", "train.averaging-frequency=2", "train.validation-images=1",
                "train.stages=[{name = a, scale = 2, init = scratch, iterations = 4}, {name = b, scale = 2, init = previous,"
                        + " iterations = 4}]", "train.stop-after-steps=" + stopAfter), Map.of()).config());
    }

    @Test
    void aRunStopsAtTheBoundAndALargerBoundContinuesIt() throws Exception {
        File data = SyntheticSubImages.withValidation(new File(dir, "data"));
        try (JavaSparkContext sc = LocalSpark.start("stop-after-steps")) {
            RunState inA = TrainJob.run(sc, settings(data, 2));
            assertEquals(List.of(), inA.completed());
            assertEquals(1, inA.round(), "one round of 2 steps");
            assertNotNull(inA.checkpoint());
            assertNotNull(inA.validation().get("a"), "validated at the stop");

            RunState again = TrainJob.run(sc, settings(data, 2));
            assertEquals(1, again.metrics().size(), "the same bound trains nothing more");

            RunState atB = TrainJob.run(sc, settings(data, 6));
            assertEquals(List.of("a"), atB.completed(), "a finished (4 steps), b stopped after 2 of its own");
            assertEquals("b", atB.metrics().get(atB.metrics().size() - 1).stage);
            assertEquals(List.of(1, 2, 1), atB.metrics().stream().map(m -> m.round).toList(), "no round lost or doubled");
            assertTrue(atB.validation().containsKey("b"));

            RunState whole = TrainJob.run(sc, settings(data, 0));
            assertEquals(List.of("a", "b"), whole.completed());
            assertEquals(List.of(1, 2, 1, 2), whole.metrics().stream().map(m -> m.round).toList());
        }
    }
}
