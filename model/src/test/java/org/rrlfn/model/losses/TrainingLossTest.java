package org.rrlfn.model.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.rrlfn.model.arch.GraphContext;
import org.rrlfn.model.arch.RrlfnConfig;

/** The training objective: the sum over the batch of each example's L1 (DL4J's convention), plus CL when set. */
class TrainingLossTest {
    private static final int SIDE = 16;
    private final INDArray sr, hr, lr;

    TrainingLossTest() {
        Nd4j.getRandom().setSeed(3);
        sr = Nd4j.rand(DataType.DOUBLE, 2, 3, SIDE, SIDE);
        hr = Nd4j.rand(DataType.DOUBLE, 2, 3, SIDE, SIDE);
        lr = Nd4j.rand(DataType.DOUBLE, 2, 3, SIDE / 2, SIDE / 2);
    }

    private double loss(LossConfig config) {
        SameDiff sd = SameDiff.create();
        GraphContext g = new GraphContext(sd, Map.of(), RrlfnConfig.paper(2), DataType.DOUBLE);
        return TrainingLoss.define(g, config, sd.constant(lr), sd.constant(sr), sd.constant(hr), SIDE / 2, SIDE / 2)
                .eval().getDouble(0);
    }

    @Test
    void l1IsTheSumOfPerExampleMeans() {
        double expected = 0;
        for (int n = 0; n < 2; n++) expected += Transforms.abs(sr.slice(n).sub(hr.slice(n))).meanNumber().doubleValue();
        assertEquals(expected, loss(LossConfig.l1()), 1e-9);
    }

    @Test
    void contrastiveWeightZeroLeavesTheL1() {
        LossConfig l1 = LossConfig.l1();
        LossConfig cl = new LossConfig("l1+contrastive", 0.0, l1.lambdas(), l1.extractorChannels(),
                l1.extractorSeed());
        assertEquals(loss(l1), loss(cl), 1e-9);
    }
}
