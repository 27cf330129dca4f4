package org.rrlfn.jobs.train.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;
import org.rrlfn.jobs.TorchBilinear;
import org.rrlfn.jobs.train.config.Initialisation;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.config.StageInit;
import org.rrlfn.jobs.train.config.TrainSettings;
import org.rrlfn.model.arch.Names;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.losses.LossConfig;

class InitialisationTest {
    private static final int H = 17, W = 19;

    private static ComputationGraph started(int scale, Initialisation init) {
        Stage s = new Stage("s", scale, StageInit.SCRATCH, true, 1, 1e-3, 10, LossConfig.l1());
        ComputationGraph g = ModelInit.fresh(RrlfnConfig.paper(scale), s, 3);
        ModelInit.start(init, g);
        return g;
    }

    private static INDArray lr(int seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, 1, 3, H, W);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void nearestStartIsNearestNeighbourUpsampling(int scale) {
        INDArray lr = lr(scale);
        INDArray sr = RrlfnModels.upscale(started(scale, Initialisation.NEAREST_START), lr);
        double worst = 0;
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < H * scale; y++)
                for (int x = 0; x < W * scale; x++)
                    worst = Math.max(worst, Math.abs(sr.getDouble(0, c, y, x) - lr.getDouble(0, c, y / scale, x / scale)));
        assertEquals(0, worst, 1e-6, "SR must be the LR pixel repeated s x s times");
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void bilinearStartIsPyTorchsBilinearUpsamplingAwayFromTheBorder(int scale) {
        INDArray lr = lr(10 + scale);
        assertBilinear(lr, RrlfnModels.upscale(started(scale, Initialisation.BILINEAR_START), lr), scale);
    }

    /** TrainJob's x2 -> x4 path: all but the upsampler copied from x2, then a new bilinear upsampler. */
    @Test
    void aNewUpsamplerAfterAScaleChangeStartsBilinear() {
        ComputationGraph x2 = started(2, Initialisation.BILINEAR_START);
        Stage x4 = new Stage("x4", 4, StageInit.PREVIOUS, true, 1, 1e-3, 10, LossConfig.l1());
        ComputationGraph g = ModelInit.warmStart(x2, RrlfnConfig.paper(2), x4, 5);
        ModelInit.newUpsampler(Initialisation.BILINEAR_START, g, x2);
        INDArray lr = lr(7);
        assertBilinear(lr, RrlfnModels.upscale(g, lr), 4);
    }

    /**
     * After ×2 training the new ×4 upsampler reads what the ×2 upsampler put on an LR pixel: on a flat image (flat
     * features away from the border) every ×4 sub-pixel equals the mean of the ×2 model's four sub-pixels there.
     */
    @Test
    void aNewUpsamplerKeepsWhatTheTrainedUpsamplerReadsFromTheFeatures() {
        ComputationGraph x2 = started(2, Initialisation.BILINEAR_START);
        Map<String, INDArray> p = RrlfnModels.params(x2);
        Nd4j.getRandom().setSeed(11);
        // Every feature channel now feeds the x2 sub-pixels, differently per sub-pixel (the body's last conv stays
        // zero, so the features are the head's, flat away from the border on a flat image).
        for (String k : List.of(Names.weight(Names.UP), Names.bias(Names.UP)))
            p.get(k).addi(Nd4j.randn(p.get(k).dataType(), p.get(k).shape()).muli(0.05));
        Stage x4 = new Stage("x4", 4, StageInit.PREVIOUS, true, 1, 1e-3, 10, LossConfig.l1());
        ComputationGraph g = ModelInit.warmStart(x2, RrlfnConfig.paper(2), x4, 5);
        ModelInit.newUpsampler(Initialisation.BILINEAR_START, g, x2);
        INDArray flat = Nd4j.zeros(DataType.FLOAT, 1, 3, 20, 20);
        for (int c = 0; c < 3; c++) flat.get(NDArrayIndex.point(0), NDArrayIndex.point(c)).assign(0.2 + 0.3 * c);
        INDArray sr2 = RrlfnModels.upscale(x2, flat), sr4 = RrlfnModels.upscale(g, flat);
        double worst = 0, spread = 0;
        for (int c = 0; c < 3; c++) {
            double mean = 0;
            for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) mean += sr2.getDouble(0, c, 20 + i, 20 + j) / 4;
            spread = Math.max(spread, Math.abs(sr2.getDouble(0, c, 20, 20) - sr2.getDouble(0, c, 21, 21)));
            for (int y = 36; y < 44; y++)
                for (int x = 36; x < 44; x++) worst = Math.max(worst, Math.abs(sr4.getDouble(0, c, y, x) - mean));
        }
        assertTrue(spread > 1e-3, "the perturbed x2 model's sub-pixels differ: " + spread);
        assertEquals(0, worst, 1e-5, "x4 sub-pixels vs the mean of the x2 model's");
    }

    @Test
    void pytorchLeavesTheRandomInitialisationAndUnknownNamesAreRefused() {
        ComputationGraph g = started(2, Initialisation.PYTORCH);
        ComputationGraph fresh = ModelInit.fresh(RrlfnConfig.paper(2),
                new Stage("s", 2, StageInit.SCRATCH, true, 1, 1e-3, 10, LossConfig.l1()), 3);
        assertEquals(fresh.params(), g.params());
        assertEquals(Initialisation.BILINEAR_START, Initialisation.parse("bilinear-start", "k"));
        String m = assertThrows(UserError.class, () -> Initialisation.parse("bilinear", "rrlfn.train.initialisation"))
                .getMessage();
        assertTrue(m.contains("rrlfn.train.initialisation") && m.contains("nearest-start") && m.contains("'bilinear'"), m);
    }

    @Test
    void theDemoStartsBilinearAndTheFullProfileAsPyTorch() {
        assertEquals(Initialisation.PYTORCH, settings().initialisation());
        assertEquals(Initialisation.BILINEAR_START, settings("train.profile=demo").initialisation());
        assertEquals(Initialisation.NEAREST_START, settings("train.initialisation=nearest-start").initialisation());
        assertEquals(Initialisation.NEAREST_START,
                settings("train.profile=demo", "train.initialisation=nearest-start").initialisation(), "the user's key wins");
        String m = assertThrows(UserError.class, () -> settings("train.profile=demo", "train.initialisation=smooth"))
                .getMessage();
        assertTrue(m.contains("rrlfn.train.initialisation") && m.contains("'smooth'"), m);
    }

    private static TrainSettings settings(String... args) {
        Settings.Loaded loaded = Settings.load(List.of(args), Map.of());
        return TrainSettings.from(TrainSettings.withProfile(loaded, loaded.config().getString(TrainSettings.PATH + ".profile")));
    }

    /**
     * Compared with PyTorch's bilinear upsampling away from one LR pixel (s HR pixels) at each edge, where PyTorch
     * repeats the edge and the network's convs pad with zeros.
     */
    private static void assertBilinear(INDArray lr, INDArray sr, int s) {
        double worst = 0;
        for (int c = 0; c < 3; c++) {
            int channel = c;
            for (int y = s; y < (H - 1) * s; y++)
                for (int x = s; x < (W - 1) * s; x++) {
                    double want = TorchBilinear.at((i, j) -> lr.getDouble(0, channel, i, j), H, W, s, y, x);
                    worst = Math.max(worst, Math.abs(sr.getDouble(0, c, y, x) - want));
                }
        }
        assertEquals(0, worst, 1e-5, "x" + s + ": SR must be bilinear upsampling of LR");
    }
}
