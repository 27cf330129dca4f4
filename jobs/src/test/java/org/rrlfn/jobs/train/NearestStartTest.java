package org.rrlfn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.losses.LossConfig;

class NearestStartTest {
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void theNetworkStartsAsNearestNeighbourUpsampling(int scale) {
        Stage s = new Stage("s", scale, Stage.SCRATCH, true, 1, 1e-3, 10, false);
        ComputationGraph g = ModelInit.fresh(RrlfnConfig.paper(scale), s, LossConfig.l1(), 3);
        ModelInit.nearestStart(g);
        Nd4j.getRandom().setSeed(scale);
        INDArray lr = Nd4j.rand(DataType.FLOAT, 1, 3, 17, 19);
        INDArray sr = RrlfnModels.upscale(g, lr);
        double worst = 0;
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 17 * scale; y++)
                for (int x = 0; x < 19 * scale; x++)
                    worst = Math.max(worst, Math.abs(sr.getDouble(0, c, y, x) - lr.getDouble(0, c, y / scale, x / scale)));
        assertEquals(0, worst, 1e-6, "SR must be the LR pixel repeated s x s times");
    }
}
