package org.rrlfn.model.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.rrlfn.model.arch.RrlfnConfig;

class TrainingTest {

    /** A smooth synthetic photo-like pair: HR 48×48, LR its 2×2 box average. */
    private static DataSet pair() {
        INDArray hr = Nd4j.zeros(DataType.FLOAT, 1, 3, 48, 48);
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 48; y++)
                for (int x = 0; x < 48; x++)
                    hr.putScalar(new long[]{0, c, y, x},
                            0.5 + 0.35 * Math.sin(0.21 * x + 0.9 * c) * Math.cos(0.17 * y - 0.4 * c));
        INDArray lr = hr.reshape(1, 3, 24, 2, 24, 2).mean(3, 5);
        return new DataSet(lr, hr);
    }

    @Test
    void fiftyAdamStepsHalveTheL1Loss() {
        ComputationGraph g = RrlfnModels.create(RrlfnConfig.paper(2), 2024, RrlfnModels.adam(1e-3), DataType.FLOAT);
        DataSet d = pair();
        double before = g.score(d);
        // The reported score is PyTorch's mean L1, computed here independently.
        double l1 = Transforms.abs(RrlfnModels.upscale(g, d.getFeatures()).sub(d.getLabels())).meanNumber().doubleValue();
        assertEquals(l1, before, 1e-5);
        for (int i = 0; i < 50; i++) g.fit(d);
        double after = g.score(d);
        assertTrue(after <= before / 2, "L1 went from " + before + " to " + after);
    }

    /**
     * fit's score is the loss its gradient pass computed (no second forward): it must equal a forward-only
     * score of the same batch before the step, and a score after the step must see the new parameters.
     */
    @Test
    void fitReportsTheLossOfItsOwnGradientPass() {
        ComputationGraph g = RrlfnModels.create(RrlfnConfig.paper(2).withWidth(8, 2, 4), 5);
        ComputationGraph twin = g.clone();
        DataSet d = pair();
        for (int i = 0; i < 3; i++) {
            double expected = twin.score(d);
            g.fit(d);
            twin.fit(d);
            assertEquals(expected, g.score(), 1e-6 * expected);
            assertEquals(twin.score(d), g.score(d), 0.0);
            assertTrue(Math.abs(g.score(d) - expected) > 1e-7, "the score after a step must use the new parameters");
        }
    }

    @Test
    void oneNetworkServesPatchesAndWholeImagesOfOtherSizes() {
        ComputationGraph g = RrlfnModels.create(RrlfnConfig.paper(2).withWidth(8, 1, 4), 1);
        DataSet d = pair();
        g.fit(d);                                        // graph built for 24×24
        INDArray big = Nd4j.rand(DataType.FLOAT, 1, 3, 31, 17);
        INDArray first = RrlfnModels.upscale(g, big);   // rebuilt for 31×17
        assertArrayEquals(new long[]{1, 3, 62, 34}, first.shape());
        g.fit(d);                                        // and back to training patches
        g.fit(d);
        INDArray again = RrlfnModels.upscale(g, big);
        assertTrue(again.sub(first).amaxNumber().doubleValue() > 0, "training after a resize must change outputs");
    }

    @Test
    void tooSmallInputIsRejectedWithTheReason() {
        ComputationGraph g = RrlfnModels.create(RrlfnConfig.paper(2).withWidth(8, 1, 4), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RrlfnModels.upscale(g, Nd4j.rand(DataType.FLOAT, 1, 3, 14, 40)));
        assertTrue(e.getMessage().contains("14x40") && e.getMessage().contains(">= 15"), e.getMessage());
    }
}
