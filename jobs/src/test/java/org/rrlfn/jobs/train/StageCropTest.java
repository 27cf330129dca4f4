package org.rrlfn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.config.Settings;
import org.rrlfn.jobs.LocalSpark;
import org.rrlfn.jobs.SyntheticSubImages;
import org.rrlfn.jobs.memory.MemoryCheck;
import org.rrlfn.jobs.train.config.TrainSettings;
import org.rrlfn.jobs.train.run.RunLayout;
import org.rrlfn.jobs.train.run.RunStore;

/**
 * A stage's own hr-patch and batch-size train it as the run's would: a run whose x2 stage sets 32-pixel crops, 4 a
 * step, and whose x4 stage takes the run's 64 × 8 gives the models, bit for bit, of a run with the roles swapped
 * (32 × 4 the run's, the x4 stage setting 64 × 8), across the stage boundary and the scale change; and the run on
 * 64 × 8 throughout trains other ones. So the stage's crop, not the run's, reaches the sampler, the per-worker batch
 * and the data a stage reads.
 */
class StageCropTest {
    @TempDir File dir;

    private TrainSettings settings(File data, String run, int hrPatch, int batch, String ownA, String ownB) {
        return TrainSettings.from(Settings.load(List.of("train.data=" + data.getPath(),
                "train.run=" + new File(dir, run).getPath(), "model.channels=8", "model.blocks=1", "model.esa-channels=4",
                "train.batch-size=" + batch, "train.hr-patch=" + hrPatch, "train.averaging-frequency=2",
                "train.validation-images=0", "train.initialisation=bilinear-start",
                "train.stages=[{name = a, scale = 2, init = scratch, iterations = 4" + ownA + "},"
                        + " {name = b, scale = 4, init = previous, iterations = 2" + ownB + "}]"), Map.of()).config());
    }

    @Test
    void aStagesOwnCropTrainsItAsTheRunsCropWould() throws Exception {
        File data = new File(dir, "data");
        SyntheticSubImages.write(data, new int[]{2, 4}, 8, 80, 1);
        TrainSettings ownX2 = settings(data, "own-x2", 64, 8, ", hr-patch = 32, batch-size = 4", "");
        TrainSettings ownX4 = settings(data, "own-x4", 32, 4, "", ", hr-patch = 64, batch-size = 8");
        List<MemoryCheck.Need> needs = TrainMemory.needs(ownX2, "");
        assertTrue(needs.get(0).what().contains("HR crop 32, 2 per worker") && needs.get(1).what().contains("HR crop 64, 4 per worker"),
                needs.toString());
        try (JavaSparkContext sc = LocalSpark.start("stage-crop")) {
            TrainJob.run(sc, ownX2);
            TrainJob.run(sc, ownX4);
            TrainJob.run(sc, settings(data, "run-crop", 64, 8, "", ""));
        }
        for (String stage : List.of("a", "b"))
            assertArrayEquals(params("own-x2", stage), params("own-x4", stage), 0f, stage + ": the same crops, bit for bit");
        assertFalse(java.util.Arrays.equals(params("own-x2", "a"), params("run-crop", "a")),
                "64-pixel crops, 8 a step, train another x2 model");
        RunStore store = new RunStore(new File(dir, "own-x2").toURI().toString(), new Configuration());
        String recorded = store.read(RunLayout.RUN_CONFIG, in -> new String(in.readAllBytes()));
        assertTrue(recorded.contains("\"rrlfn.train.stages[0].hr-patch\" : \"32\""), recorded);
    }

    private float[] params(String run, String stage) throws Exception {
        RunStore store = new RunStore(new File(dir, run).toURI().toString(), new Configuration());
        ComputationGraph g = store.loadModel(RunLayout.finalModel(stage), false);
        float[] p = g.params().dup().data().asFloat();
        g.close();
        return p;
    }
}
