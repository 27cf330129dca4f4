package org.rrlfn.model.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.model.arch.GraphContext;
import org.rrlfn.model.arch.RrlfnConfig;

/** The training objective: the sum over the batch of each example's L1 (DL4J's convention), plus CL when set. */
class TrainingLossTest {
    @Test
    void l1IsTheSumOfPerExampleMeans() {
        SameDiff sd = SameDiff.create();
        GraphContext g = new GraphContext(sd, Map.of(), RrlfnConfig.paper(2), DataType.DOUBLE);
        Nd4j.getRandom().setSeed(3);
        INDArray sr = Nd4j.rand(DataType.DOUBLE, 2, 3, 8, 8), hr = Nd4j.rand(DataType.DOUBLE, 2, 3, 8, 8);
        SDVariable lr = sd.constant(Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 4));
        double loss = TrainingLoss.define(g, LossConfig.l1(), lr, sd.constant(sr), sd.constant(hr), 4, 4).eval()
                .getDouble(0);
        double expected = 0;
        for (int n = 0; n < 2; n++) expected += Transforms.absDiffMean(sr.slice(n), hr.slice(n));
        assertEquals(expected, loss, 1e-9);
    }

    @Test
    void contrastiveWeightZeroLeavesTheL1() {
        SameDiff sd = SameDiff.create();
        GraphContext g = new GraphContext(sd, Map.of(), RrlfnConfig.paper(2), DataType.DOUBLE);
        Nd4j.getRandom().setSeed(4);
        INDArray sr = Nd4j.rand(DataType.DOUBLE, 2, 3, 16, 16), hr = Nd4j.rand(DataType.DOUBLE, 2, 3, 16, 16);
        SDVariable lr = sd.constant(Nd4j.rand(DataType.DOUBLE, 2, 3, 8, 8));
        LossConfig l1 = LossConfig.l1();
        LossConfig cl = new LossConfig(LossConfig.Kind.L1_CONTRASTIVE, 0.0, l1.lambdas(), l1.extractorChannels(),
                l1.extractorSeed());
        double plain = TrainingLoss.define(g, l1, lr, sd.constant(sr), sd.constant(hr), 8, 8).eval().getDouble(0);
        double withCl = TrainingLoss.define(g, cl, lr, sd.constant(sr), sd.constant(hr), 8, 8).eval().getDouble(0);
        assertEquals(plain, withCl, 1e-9);
    }

    private static final class Transforms {
        static double absDiffMean(INDArray a, INDArray b) {
            return org.nd4j.linalg.ops.transforms.Transforms.abs(a.sub(b)).meanNumber().doubleValue();
        }
    }
}
