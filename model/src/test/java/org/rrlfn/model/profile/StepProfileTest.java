package org.rrlfn.model.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.model.arch.ParamLayout;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;

class StepProfileTest {

    private static final RrlfnConfig SMALL = RrlfnConfig.paper(2).withWidth(8, 2, 4).withMergeBranchesInGraph(false);

    private static DataSet batch() {
        Nd4j.getRandom().setSeed(3);
        return new DataSet(Nd4j.rand(DataType.FLOAT, 2, 3, 24, 24), Nd4j.rand(DataType.FLOAT, 2, 3, 48, 48));
    }

    /**
     * Every convolution of the network (one per weight tensor of the explicit-branch form) runs once forward and
     * once backward per step, ESA's five per block among them; and the step runs the graph once (no score pass).
     */
    @Test
    void aStepRunsEachConvolutionOnceForwardAndOnceBackward() {
        ComputationGraph g = RrlfnModels.create(SMALL, 1);
        StepProfile p = StepProfile.measure(g, batch(), 1, 2);
        long convs = ParamLayout.of(SMALL).params().stream().filter(q -> q.kind() == ParamLayout.Kind.WEIGHT).count();
        double esa = 0, trunk = 0;
        for (StepProfile.Row r : p.opRows()) {
            if (r.what().startsWith("ESA convolutions")) esa = r.opsPerStep();
            if (r.what().startsWith("trunk convolutions")) trunk = r.opsPerStep();
        }
        assertEquals(2 * 5 * SMALL.blocks(), esa, 1e-9);
        assertEquals(2 * convs, esa + trunk, 1e-9);
        assertEquals(0.0, p.scorePassOpsMs(), 0.0, "fit must take its score from the gradient pass");
        assertTrue(p.stepMs() > 0);
    }
}
