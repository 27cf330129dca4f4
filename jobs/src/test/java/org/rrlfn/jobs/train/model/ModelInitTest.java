package org.rrlfn.jobs.train.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.rrlfn.common.UserError;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.config.StageInit;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.losses.LossConfig;

public class ModelInitTest {
    private static final RrlfnConfig ARCH = RrlfnConfig.paper(2);

    private static Stage stage(int scale, boolean reset) {
        return new Stage("s", scale, StageInit.PREVIOUS, reset, 10, 5e-4, 100, LossConfig.l1());
    }

    @Test
    void x2ToX4CopiesEveryParameterButTheUpsamplerExactly() {
        ComputationGraph x2 = ModelInit.fresh(ARCH, stage(2, true), 1);
        ComputationGraph x4 = ModelInit.warmStart(x2, ARCH, stage(4, true), 99);
        assertEquals(4, RrlfnModels.architecture(x4).scale());
        Map<String, INDArray> from = RrlfnModels.params(x2), to = RrlfnModels.params(x4);
        int copied = 0;
        for (Map.Entry<String, INDArray> e : to.entrySet()) {
            if (ModelInit.isUpsampler(e.getKey())) {
                assertEquals(3 * 4 * 4, e.getValue().size(0), e.getKey() + " is the x4 upsampler: 3·s² outputs");
            } else {
                assertArrayEquals(from.get(e.getKey()).dup().data().asFloat(), e.getValue().dup().data().asFloat(), 0f, e.getKey());
                copied++;
            }
        }
        assertEquals(from.size() - 2, copied);
        assertEquals(x2.numParams() - (48 * 12 * 9 + 12) + (48 * 48 * 9 + 48), x4.numParams());
    }

    /** Minibatches of a small x2 problem: LR 3×16×16, HR 3×32×32. */
    public static List<DataSet> batches(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        List<DataSet> out = new ArrayList<>();
        for (int i = 0; i < n; i++)
            out.add(new DataSet(Nd4j.rand(DataType.FLOAT, 2, 3, 16, 16), Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32)));
        return out;
    }

    private static final RrlfnConfig SMALL = ARCH.withWidth(8, 1, 4);

    /** reset-optimizer = false: the next stage goes on exactly as if the previous one had not stopped. */
    @Test
    void keptOptimizerContinuesAdamsStepCountAndMoments() {
        List<DataSet> data = batches(10, 3);
        Stage first = new Stage("a", 2, StageInit.SCRATCH, true, 7, 1e-3, 1000, LossConfig.l1());
        ComputationGraph uninterrupted = ModelInit.fresh(SMALL, first, 5);
        ComputationGraph source = ModelInit.fresh(SMALL, first, 5);
        for (int i = 0; i < 7; i++) source.fit(data.get(i));
        ComputationGraph next = ModelInit.warmStart(source, SMALL,
                new Stage("b", 2, StageInit.PREVIOUS, false, 3, 1e-3, 1000, LossConfig.l1()), 9);
        assertEquals(7, next.getConfiguration().getIterationCount());
        for (int i = 7; i < 10; i++) next.fit(data.get(i));
        for (DataSet d : data) uninterrupted.fit(d);
        assertEquals(10, next.getConfiguration().getIterationCount());
        assertTrue(maxDiff(uninterrupted.params(), next.params()) < 1e-6, "params differ");
        assertTrue(maxDiff(uninterrupted.getUpdater().getStateViewArray(), next.getUpdater().getStateViewArray()) < 1e-6,
                "Adam state differs");
    }

    /** reset-optimizer = true: same weights, but Adam starts at step 0 with zero moments, as a fresh optimizer. */
    @Test
    void resetOptimizerStartsAdamFresh() {
        List<DataSet> data = batches(10, 4);
        Stage first = new Stage("a", 2, StageInit.SCRATCH, true, 7, 1e-3, 1000, LossConfig.l1());
        ComputationGraph source = ModelInit.fresh(SMALL, first, 5);
        for (int i = 0; i < 7; i++) source.fit(data.get(i));
        Stage restart = new Stage("b", 2, StageInit.PREVIOUS, true, 3, 1e-3, 1000, LossConfig.l1());
        ComputationGraph next = ModelInit.warmStart(source, SMALL, restart, 9);
        assertEquals(0, next.getConfiguration().getIterationCount());
        assertEquals(0.0, next.getUpdater().getStateViewArray().amaxNumber().doubleValue(), 0.0);

        ComputationGraph fresh = ModelInit.fresh(SMALL, restart, 9);
        fresh.setParams(source.params().dup());
        for (int i = 7; i < 10; i++) {
            next.fit(data.get(i));
            fresh.fit(data.get(i));
        }
        assertTrue(maxDiff(fresh.params(), next.params()) < 1e-6, "params differ");
        assertTrue(maxDiff(fresh.getUpdater().getStateViewArray(), next.getUpdater().getStateViewArray()) < 1e-6,
                "Adam state differs");
    }

    @Test
    void x4FromAnX2DeployFileCopiesAllButTheUpsamplerAsTheSameFunction(@TempDir Path dir) throws Exception {
        RrlfnConfig small = ARCH.withWidth(8, 2, 4);
        ComputationGraph deploy = RrlfnModels.create(small.withForm(RrlfnConfig.Form.DEPLOY), 3);
        File zip = dir.resolve("x2-deploy.zip").toFile();
        RrlfnModels.save(deploy, zip, false);

        ComputationGraph source = ModelInit.fromModelFile(zip.toURI().toString(), small, new Configuration());
        assertEquals(RrlfnConfig.Form.TRAIN, RrlfnModels.architecture(source).form());
        INDArray lr = Nd4j.rand(DataType.FLOAT, 1, 3, 17, 19);
        assertEquals(0, RrlfnModels.upscale(source, lr).sub(RrlfnModels.upscale(deploy, lr)).amaxNumber().doubleValue(), 1e-5,
                "the TRAIN form of a DEPLOY file computes the same function");

        ComputationGraph x4 = ModelInit.warmStart(source, small, stage(4, true), 9);
        Map<String, INDArray> from = RrlfnModels.params(deploy), to = RrlfnModels.params(x4);
        assertEquals(from.get("b1.rm3.W"), to.get("b1.rm3.k3.W"));
        assertEquals(0, to.get("b1.rm3.k1.W").amaxNumber().doubleValue(), 0);
        assertEquals(from.get("b1.esa.conv4.b"), to.get("b1.esa.conv4.b"));
        assertEquals(from.get("head.W"), to.get("head.W"));
        assertEquals(3 * 16, to.get("up.W").size(0));

        UserError wrong = assertThrows(UserError.class,
                () -> ModelInit.fromModelFile(zip.getPath(), ARCH, new Configuration()));
        assertTrue(wrong.getMessage().contains(zip.getPath()) && wrong.getMessage().contains("C=8"), wrong.getMessage());
        UserError missing = assertThrows(UserError.class,
                () -> ModelInit.fromModelFile(dir.resolve("nope.zip").toString(), small, new Configuration()));
        assertTrue(missing.getMessage().contains("nope.zip: no such file"), missing.getMessage());
    }

    @Test
    void learningRateHalvesEveryPeriodFromTheStagesFirstStep() {
        Stage s = new Stage("s", 2, StageInit.SCRATCH, true, 10, 5e-4, 200_000, LossConfig.l1());
        assertEquals(5e-4, ModelInit.adam(s, 0).getLearningRate(199_999, 0), 0);
        assertEquals(2.5e-4, ModelInit.adam(s, 0).getLearningRate(200_000, 0), 0);
        assertEquals(1.25e-4, ModelInit.adam(s, 0).getLearningRate(400_001, 0), 0);
        assertEquals(5e-4, ModelInit.adam(s, 1000).getLearningRate(200_999, 0), 0);
        assertEquals(2.5e-4, ModelInit.adam(s, 1000).getLearningRate(201_000, 0), 0);
    }

    /** The schedule travels as JSON inside checkpoints and to executors. */
    @Test
    void scheduleAndStepCountSurviveSaveAndLoad(@TempDir File dir) throws Exception {
        Stage s = new Stage("s", 2, StageInit.SCRATCH, true, 10, 1e-3, 4, LossConfig.l1());
        ComputationGraph g = ModelInit.fresh(SMALL, s, 1);
        for (DataSet d : batches(5, 6)) g.fit(d);
        File f = new File(dir, "m.zip");
        RrlfnModels.save(g, f, true);
        ComputationGraph back = RrlfnModels.load(f, true);
        assertEquals(5, back.getConfiguration().getIterationCount());
        IUpdater u = RrlfnModels.layer(back).getUpdaterByParam("head.W");
        assertEquals(1e-3, u.getLearningRate(3, 0), 0);
        assertEquals(5e-4, u.getLearningRate(4, 0), 0);
        assertEquals(ComputationGraphConfiguration.fromJson(g.getConfiguration().toJson()), back.getConfiguration());
    }

    public static double maxDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }
}
