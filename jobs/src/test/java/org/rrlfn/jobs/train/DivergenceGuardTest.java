package org.rrlfn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.config.Settings;
import org.rrlfn.jobs.LocalSpark;
import org.rrlfn.jobs.SyntheticSubImages;
import org.rrlfn.jobs.train.config.TrainSettings;
import org.rrlfn.jobs.train.run.RunLayout;
import org.rrlfn.jobs.train.run.RunState;
import org.rrlfn.jobs.train.run.RunStore;

class DivergenceGuardTest {
    @TempDir File dir;

    private TrainSettings settings(File data, File run, String stages) {
        return TrainSettings.from(Settings.load(List.of("train.data=" + data.getPath(), "train.run=" + run.getPath(),
                "model.channels=8", "model.blocks=1", "model.esa-channels=4", "train.batch-size=8", "train.hr-patch=32",
                "train.averaging-frequency=2", "train.checkpoint-every-rounds=2", "train.validation-images=0",
                "train.stages=" + stages), Map.of()).config());
    }

    @Test
    void nonFiniteLossStopsTheStageAndKeepsTheLastGoodState() throws Exception {
        File data = new File(dir, "data"), run = new File(dir, "run");
        SyntheticSubImages.write(data, new int[]{2}, 16, 48, 3);
        String one = "[{name = good, scale = 2, init = scratch, iterations = 4}]";
        String two = "[{name = good, scale = 2, init = scratch, iterations = 4},"
                + " {name = bad, scale = 2, init = previous, iterations = 8, lr = 1e30}]";   // steps that overflow float32
        try (JavaSparkContext sc = LocalSpark.start("divergence-test")) {
            TrainJob.run(sc, settings(data, run, one));
            RunStore store = new RunStore(run.toURI().toString(), new Configuration());
            long goodModel = new File(run, RunLayout.finalModel("good")).length();

            StageTrainer.TrainingDiverged e = assertThrows(StageTrainer.TrainingDiverged.class,
                    () -> TrainJob.run(sc, settings(data, run, two)));
            assertTrue(e.getMessage().contains("stage bad diverged in round 1")
                    && (e.getMessage().contains("NaN") || e.getMessage().contains("Infinity")),
                    e.getMessage());

            RunState state = RunState.load(store);
            assertEquals(List.of("good"), state.completed());
            assertFalse(store.exists(RunLayout.finalModel("bad")));
            assertEquals(goodModel, new File(run, RunLayout.finalModel("good")).length());
        }
    }
}
