package org.rrlfn.model.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.rrlfn.model.torch.Torch;

/** The losses' Java arrays as tensors: every element where its indices say, in the type of the tensor given. */
class TorchConstantsTest {
    @Test
    void arraysKeepTheirIndicesAndTakeTheOtherTensorsType() {
        Torch.load();
        Tensor like = torch.zeros(1);   // float
        double[][][][] k = new double[2][3][2][4];
        double[][] m = new double[3][5];
        for (int o = 0; o < 2; o++) for (int i = 0; i < 3; i++) for (int y = 0; y < 2; y++) for (int x = 0; x < 4; x++)
            k[o][i][y][x] = 1000 * o + 100 * i + 10 * y + x;
        for (int r = 0; r < 3; r++) for (int c = 0; c < 5; c++) m[r][c] = 10 * r + c;
        Tensor kt = TorchConstants.kernel(k, like), mt = TorchConstants.matrix(m, like);
        Tensor vt = TorchConstants.vector(new double[]{0.5, -2}, like);
        assertEquals("Float", kt.scalar_type().toString());   // JavaCPP returns a fresh enum object each call
        assertArrayEquals(new long[]{2, 3, 2, 4}, kt.shape());
        assertArrayEquals(new long[]{3, 5}, mt.shape());
        assertEquals(1213.0, kt.get(1).get(2).get(1).get(3).item_double());
        assertEquals(24.0, mt.get(2).get(4).item_double());
        assertEquals(-2.0, vt.get(1).item_double());
    }
}
