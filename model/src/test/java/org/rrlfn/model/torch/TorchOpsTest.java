package org.rrlfn.model.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.model.Engine;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;

/**
 * {@link TorchOps} against the SameDiff graph on the same parameters: the forward pass (the SR image) at ×2 and ×4 in
 * the TRAIN form (merged kernels and explicit branches) and the fused DEPLOY form, max |Δ| <= 1e-5.
 */
class TorchOpsTest {
    private static final int H = 17, W = 19;

    @ParameterizedTest(name = "x{0} {1} merged {2}")
    @CsvSource({"2, TRAIN, true", "2, TRAIN, false", "2, DEPLOY, true", "4, TRAIN, true", "4, TRAIN, false",
            "4, DEPLOY, true"})
    void forwardEqualsTheSameDiffGraph(int scale, RrlfnConfig.Form form, boolean merged) {
        RrlfnConfig c = RrlfnConfig.paper(scale).withForm(form).withMergeBranchesInGraph(merged);
        ComputationGraph g = RrlfnModels.create(c, 11);
        Nd4j.getRandom().setSeed(scale);
        INDArray lr = Nd4j.rand(DataType.FLOAT, 2, 3, H, W);
        INDArray dl4j = RrlfnModels.upscale(g, lr);
        RrlfnModels.useEngine(g, Engine.TORCH, "cpu");
        INDArray torch = RrlfnModels.upscale(g, lr);
        assertArrayEquals(dl4j.shape(), torch.shape());
        double maxDiff = dl4j.sub(torch).amaxNumber().doubleValue();
        assertTrue(maxDiff <= 1e-5, c + ": max |SR_dl4j - SR_torch| = " + maxDiff);
        assertTrue(torch.stdNumber().doubleValue() > 1e-3, "a flat output proves nothing");
    }
}
