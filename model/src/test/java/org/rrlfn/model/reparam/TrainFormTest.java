package org.rrlfn.model.reparam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.model.arch.Names;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;

/** A DEPLOY model back in the TRAIN form (to fine-tune it): the 3x3 branch carries the kernel, the 1x1 branch zero. */
class TrainFormTest {
    @Test
    void theTrainFormComputesWhatTheDeployModelComputes() {
        RrlfnConfig train = RrlfnConfig.paper(2).withMergeBranchesInGraph(false);
        ComputationGraph deploy = Fusion.fuse(RrlfnModels.create(train, 3), 5);
        RrlfnConfig deployConfig = RrlfnModels.architecture(deploy);
        Map<String, INDArray> params = TrainForm.of(deployConfig, RrlfnModels.params(deploy), train);

        ComputationGraph back = RrlfnModels.create(train, 9);
        RrlfnModels.assignParams(back, params);
        Nd4j.getRandom().setSeed(11);
        INDArray lr = Nd4j.rand(DataType.FLOAT, 1, 3, 17, 20);
        double diff = RrlfnModels.upscale(back, lr).sub(RrlfnModels.upscale(deploy, lr)).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-4, "max |TRAIN - DEPLOY| = " + diff);
        String k1 = Names.branch1(Names.rep(0, 1));
        assertEquals(0.0, params.get(Names.weight(k1)).amaxNumber().doubleValue());
        assertEquals(0.0, params.get(Names.bias(k1)).amaxNumber().doubleValue());
    }

    @Test
    void onlyDeployToTrain() {
        RrlfnConfig train = RrlfnConfig.paper(2);
        RrlfnConfig deploy = train.withForm(RrlfnConfig.Form.DEPLOY);
        assertThrows(IllegalArgumentException.class, () -> TrainForm.of(train, Map.of(), train));
        assertThrows(IllegalArgumentException.class, () -> TrainForm.of(deploy, Map.of(), deploy));
        assertThrows(IllegalArgumentException.class, () -> TrainForm.of(deploy, Map.of(), train), "parameters missing");
    }
}
