package org.rrlfn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.losses.LossConfig;

class ModelInitTest {
    private static final RrlfnConfig ARCH = RrlfnConfig.paper(2);

    private static Stage stage(int scale, boolean reset) {
        return new Stage("s", scale, Stage.PREVIOUS, reset, 10, 5e-4, 100, false);
    }

    @Test
    void x2ToX4CopiesEveryParameterButTheUpsamplerExactly() {
        ComputationGraph x2 = ModelInit.fresh(ARCH, stage(2, true), LossConfig.l1(), 1);
        ComputationGraph x4 = ModelInit.warmStart(x2, ARCH, stage(4, true), LossConfig.l1(), 99);
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

    @Test
    void restartKeepsAdamStateOnlyWhenAsked() {
        ComputationGraph a = ModelInit.fresh(ARCH.withWidth(8, 1, 4), stage(2, true), LossConfig.l1(), 1);
        a.getUpdater().getStateViewArray().assign(0.25);
        INDArray kept = ModelInit.warmStart(a, ARCH.withWidth(8, 1, 4), stage(2, false), LossConfig.l1(), 1)
                .getUpdater().getStateViewArray();
        INDArray reset = ModelInit.warmStart(a, ARCH.withWidth(8, 1, 4), stage(2, true), LossConfig.l1(), 1)
                .getUpdater().getStateViewArray();
        assertEquals(0.25, kept.meanNumber().doubleValue(), 1e-7);
        assertEquals(0.0, reset.amaxNumber().doubleValue(), 0.0);
        assertTrue(kept.length() > 0);
    }

    @Test
    void learningRateHalvesEveryPeriod() {
        Stage s = new Stage("s", 2, Stage.SCRATCH, true, 10, 5e-4, 200_000, false);
        assertEquals(5e-4, s.lrAt(199_999), 0);
        assertEquals(2.5e-4, s.lrAt(200_000), 0);
        assertEquals(1.25e-4, s.lrAt(400_001), 0);
    }
}
