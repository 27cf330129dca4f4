package org.rrlfn.model.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.model.arch.GraphContext;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.image.MatlabImresize;

/** The contrastive loss's negative: the LR batch upscaled in the graph exactly as MATLAB's imresize would. */
class BicubicNegativeTest {
    @Test
    void equalsMatlabImresizeOfEachImage() {
        int h = 5, w = 7, scale = 3;
        Nd4j.getRandom().setSeed(5);
        INDArray lr = Nd4j.rand(DataType.DOUBLE, 2, 3, h, w);
        SameDiff sd = SameDiff.create();
        GraphContext g = new GraphContext(sd, Map.of(), RrlfnConfig.paper(scale), DataType.DOUBLE);
        INDArray up = BicubicNegative.define(g, sd.constant(lr), h, w, scale).eval();
        assertArrayEquals(new long[]{2, 3, h * scale, w * scale}, up.shape());
        for (int n = 0; n < 2; n++) {
            float[][][] chw = new float[3][h][w];
            for (int c = 0; c < 3; c++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++)
                chw[c][y][x] = (float) lr.getDouble(n, c, y, x);
            float[][][] ref = MatlabImresize.resize(chw, scale);
            for (int c = 0; c < 3; c++) for (int y = 0; y < h * scale; y++) for (int x = 0; x < w * scale; x++)
                assertTrue(Math.abs(ref[c][y][x] - up.getDouble(n, c, y, x)) < 1e-5, n + "," + c + "," + y + "," + x);
        }
    }
}
