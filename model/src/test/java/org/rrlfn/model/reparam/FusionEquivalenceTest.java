package org.rrlfn.model.reparam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;

/** The fused DEPLOY network must compute what the explicit two-branch TRAIN network computes. */
class FusionEquivalenceTest {

    @ParameterizedTest(name = "x{0} {1}x{2}")
    @CsvSource({"2, 17, 23", "3, 17, 23", "4, 17, 23", "2, 31, 64", "3, 31, 64", "4, 31, 64"})
    void fusedOutputsMatchTwoBranchOutputs(int scale, int h, int w) {
        // Explicit branches: the reference the fusion must reproduce, never the in-graph merged kernel.
        RrlfnConfig train = RrlfnConfig.paper(scale).withMergeBranchesInGraph(false);
        ComputationGraph net = RrlfnModels.create(train, 42);
        ComputationGraph deploy = Fusion.fuse(net, 7);

        Nd4j.getRandom().setSeed(scale * 1000L + h);
        INDArray lr = Nd4j.rand(DataType.FLOAT, 2, 3, h, w);
        INDArray a = RrlfnModels.upscale(net, lr);
        INDArray b = RrlfnModels.upscale(deploy, lr);

        assertArrayEquals(new long[]{2, 3, (long) h * scale, (long) w * scale}, b.shape());
        double maxDiff = a.sub(b).amaxNumber().doubleValue();
        assertTrue(maxDiff <= 1e-4, "max |TRAIN - DEPLOY| = " + maxDiff);
        // The comparison is only meaningful if the branches carry weight of their own.
        assertTrue(a.stdNumber().doubleValue() > 1e-3, "degenerate output");
    }
}
