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
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;

/** Weights made for 0..255 pixels, rescaled so the network computes the same image on 0..1 pixels. */
class PixelRangeTest {
    @Test
    void aModelFor255PixelsComputesTheSameImageOnUnitPixels() {
        ComputationGraph for255 = Fusion.fuse(RrlfnModels.create(RrlfnConfig.paper(2), 4), 6);
        RrlfnConfig deploy = RrlfnModels.architecture(for255);
        Map<String, INDArray> unit = PixelRange.toUnitRange(deploy, RrlfnModels.params(for255), 255);
        ComputationGraph converted = RrlfnModels.create(RrlfnConfig.paper(2), 1);
        converted = Fusion.fuse(converted, 1);
        RrlfnModels.assignParams(converted, unit);

        Nd4j.getRandom().setSeed(2);
        INDArray pixels = Nd4j.rand(DataType.FLOAT, 1, 3, 16, 19).muli(255);
        INDArray expected = RrlfnModels.upscale(for255, pixels).divi(255);
        INDArray actual = RrlfnModels.upscale(converted, pixels.div(255));
        double scale = expected.amaxNumber().doubleValue();
        double diff = actual.sub(expected).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-4 * Math.max(1, scale), "max diff " + diff + " at output scale " + scale);
    }

    @Test
    void rangeOneCopiesAndOnlyDeployFormsConvert() {
        ComputationGraph d = Fusion.fuse(RrlfnModels.create(RrlfnConfig.paper(2), 4), 6);
        RrlfnConfig deploy = RrlfnModels.architecture(d);
        Map<String, INDArray> params = RrlfnModels.params(d);
        Map<String, INDArray> same = PixelRange.toUnitRange(deploy, params, 1);
        assertEquals(params.keySet(), same.keySet());
        params.forEach((k, v) -> assertEquals(v, same.get(k), k));
        assertThrows(IllegalArgumentException.class, () -> PixelRange.toUnitRange(deploy, params, 0));
        assertThrows(IllegalArgumentException.class, () -> PixelRange.toUnitRange(RrlfnConfig.paper(2), params, 255));
    }
}
