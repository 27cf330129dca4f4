package org.rrlfn.model.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.model.Engine;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnLayer;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.losses.LossConfig;

/**
 * {@link TorchStep} against the SameDiff graph on the same parameters: the training objective and every parameter's
 * gradient for each registered loss alone and with the contrastive term, and a score without a gradient pass.
 */
class TorchStepTest {
    private static final int H = 17, W = 19;

    /**
     * A narrow network on odd sides (ESA's pooled map 1x1), and the paper's widths on the demo's x4 and x2 LR crops
     * (24 and 48 px: pooled maps of 2x2 and 6x6, the x4 upsampler's 16 sub-pixel kernels).
     */
    @ParameterizedTest(name = "{0} x{1} {2}x{3} paper widths {4}")
    @CsvSource({"l1, 2, 17, 19, false", "charbonnier, 2, 17, 19, false", "l1+contrastive, 2, 17, 19, false",
            "charbonnier+contrastive, 2, 17, 19, false", "l1+contrastive, 4, 24, 24, true", "l1, 2, 48, 48, true"})
    void objectiveAndGradientsEqualTheSameDiffGraph(String type, int scale, int h, int w, boolean paperWidths) {
        LossConfig loss = LossConfig.l1().withType(type).withWeight(0.3);
        RrlfnConfig arch = paperWidths ? RrlfnConfig.paper(scale) : RrlfnConfig.paper(scale).withWidth(16, 2, 8);
        ComputationGraph g = RrlfnModels.create(new RrlfnLayer(arch, loss), 5, RrlfnModels.adam(1e-3), DataType.DOUBLE);
        Nd4j.getRandom().setSeed(7);
        DataSet d = new DataSet(Nd4j.rand(DataType.DOUBLE, 3, 3, h, w), Nd4j.rand(DataType.DOUBLE, 3, 3, h * scale, w * scale));
        Map<String, INDArray> dl4j = gradients(g, d);
        double dl4jScore = g.score();
        RrlfnModels.useEngine(g, Engine.TORCH, "cpu");
        Map<String, INDArray> torch = gradients(g, d);
        assertEquals(dl4jScore, g.score(), 1e-10 * dl4jScore, "objective");
        assertEquals(dl4j.keySet(), torch.keySet());
        for (String p : dl4j.keySet()) {
            double scaleOf = dl4j.get(p).amaxNumber().doubleValue();
            double diff = dl4j.get(p).sub(torch.get(p)).amaxNumber().doubleValue();
            assertTrue(scaleOf > 0 && diff <= 1e-8 * Math.max(scaleOf, 1e-3), p + ": max |g_dl4j - g_torch| " + diff
                    + " of max |g| " + scaleOf);
        }
    }

    /** A score without a gradient pass before it (a forward pass alone) is the same objective on either engine. */
    @Test
    void scoreOfABatchIsTheSameObjective() {
        ComputationGraph g = RrlfnModels.create(RrlfnConfig.paper(3).withWidth(8, 1, 4), 3, RrlfnModels.adam(1e-3),
                DataType.DOUBLE);
        DataSet d = new DataSet(Nd4j.rand(DataType.DOUBLE, 2, 3, H, W), Nd4j.rand(DataType.DOUBLE, 2, 3, H * 3, W * 3));
        double dl4j = g.score(d);
        RrlfnModels.useEngine(g, Engine.TORCH, "cpu");
        assertEquals(dl4j, g.score(d), 1e-12 * dl4j);
    }

    /** spark.native-threads sets ND4J's threads (common.spark.NativeThreads); each torch pass runs on as many. */
    @Test
    void aPassRunsOnNd4jsThreadCount() {
        ComputationGraph g = RrlfnModels.create(RrlfnConfig.paper(2).withWidth(4, 1, 4), 3);
        RrlfnModels.useEngine(g, Engine.TORCH, "cpu");
        INDArray lr = Nd4j.rand(DataType.FLOAT, 1, 3, H, W);
        int before = Nd4j.getEnvironment().maxMasterThreads();
        try {
            for (int n : new int[]{1, 2}) {
                Nd4j.getEnvironment().setMaxMasterThreads(n);     // as NativeThreads does
                RrlfnModels.upscale(g, lr);
                assertEquals(n, org.bytedeco.pytorch.global.torch.get_num_threads());
            }
        } finally {
            Nd4j.getEnvironment().setMaxMasterThreads(before);
        }
    }

    private static Map<String, INDArray> gradients(ComputationGraph g, DataSet d) {
        g.setInputs(d.getFeatures());
        g.setLabels(d.getLabels());
        g.computeGradientAndScore();
        Gradient grad = g.gradient();
        Map<String, INDArray> out = new java.util.TreeMap<>();
        grad.gradientForVariable().forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }
}
