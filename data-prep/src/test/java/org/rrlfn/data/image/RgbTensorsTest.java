package org.rrlfn.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class RgbTensorsTest {
    @Test
    void layoutScaleAndRoundTrip() {
        Rgb8 img = Rgb8.blank(3, 2);
        img.set(0, 0, 0, 255);
        img.set(1, 1, 2, 51);
        img.set(2, 0, 1, 128);
        INDArray t = RgbTensors.toNchw(img);
        assertArrayEquals(new long[]{1, 3, 2, 3}, t.shape());
        assertEquals(1.0, t.getDouble(0, 0, 0, 0), 0);
        assertEquals(0.2, t.getDouble(0, 1, 1, 2), 1e-7);
        Rgb8 back = RgbTensors.fromNchw(t, 0);
        assertEquals(128, back.get(2, 0, 1));
        assertEquals(51, back.get(1, 1, 2));
    }

    @Test
    void outOfRangeValuesClipAndRoundHalfUp() {
        assertEquals(0, RgbTensors.toByte(-0.3f));
        assertEquals(255, RgbTensors.toByte(1.7f));
        assertEquals(128, RgbTensors.toByte(127.5f / 255f));   // MATLAB rounds halves away from zero
        assertEquals(1, RgbTensors.toByte(0.6f / 255f));
    }
}
