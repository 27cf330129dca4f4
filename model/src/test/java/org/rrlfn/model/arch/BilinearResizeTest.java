package org.rrlfn.model.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Bilinear resize (of NHWC maps) against values worked out by hand from PyTorch's align_corners=False definition. */
class BilinearResizeTest {

    @Test
    void twoByTwoToFourByFour() {
        // Source coordinates (i + 0.5)/2 - 0.5 = -0.25, 0.25, 0.75, 1.25 clamp to 0, 0.25, 0.75, 1,
        // so out = 1 + a_x + 2·a_y with a = (0, 0.25, 0.75, 1): the well-known PyTorch result.
        INDArray x = Nd4j.createFromArray(new double[]{1, 2, 3, 4}).reshape(1, 2, 2, 1);
        GraphProbe p = new GraphProbe(x);
        double[][] out = p.eval(BilinearResize.resize(p.g, p.input, 1, 2, 2, 4, 4))
                .reshape(4, 4).toDoubleMatrix();
        double[][] expected = {
                {1.0, 1.25, 1.75, 2.0},
                {1.5, 1.75, 2.25, 2.5},
                {2.5, 2.75, 3.25, 3.5},
                {3.0, 3.25, 3.75, 4.0}};
        for (int i = 0; i < 4; i++) assertArrayEquals(expected[i], out[i], 1e-12, "row " + i);
    }

    @Test
    void nonIntegerRatioOnARamp() {
        // 3 -> 7 samples of the ramp (0, 7, 14): src = (i + 0.5)·3/7 - 0.5, so 7·src = 3i - 2 inside,
        // clamped to the ends: 0, 1, 4, 7, 10, 13, 14.
        INDArray x = Nd4j.createFromArray(new double[]{0, 7, 14}).reshape(1, 1, 3, 1);
        GraphProbe p = new GraphProbe(x);
        double[] out = p.eval(BilinearResize.resize(p.g, p.input, 1, 1, 3, 1, 7)).reshape(7).toDoubleVector();
        assertArrayEquals(new double[]{0, 1, 4, 7, 10, 13, 14}, out, 1e-12);
    }

    @Test
    void constantChannelsStayConstantAndInPlaceAndRowsOfTheMatrixSumToOne() {
        INDArray a = BilinearResize.matrix(5, 33);
        assertTrue(a.sum(1).sub(1.0).amaxNumber().doubleValue() < 1e-12);
        INDArray level = Nd4j.createFromArray(0.7, 1.4, 2.1);    // channel k holds 0.7·(k + 1) everywhere
        INDArray x = Nd4j.ones(DataType.DOUBLE, 2, 4, 5, 3).mul(level.reshape(1, 1, 1, 3));
        GraphProbe p = new GraphProbe(x);
        INDArray out = p.eval(BilinearResize.resize(p.g, p.input, 3, 4, 5, 19, 23));
        assertArrayEquals(new long[]{2, 19, 23, 3}, out.shape());
        assertTrue(out.sub(level.reshape(1, 1, 1, 3)).amaxNumber().doubleValue() < 1e-12);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        GraphProbe p = new GraphProbe(Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 3));
        assertTrue(p.gradientsMatch(q -> BilinearResize.resize(q.g, q.input, 3, 3, 4, 16, 15), 200));
    }
}
