package org.rrlfn.model.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A resize written as two matrix products, one per axis: out[n, c] = Ah · x[n, c] · Awᵀ for every plane. */
class SeparableResizeTest {
    @Test
    void everyPlaneIsMultipliedByTheRowAndColumnMatrices() {
        Nd4j.getRandom().setSeed(9);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 5);
        INDArray ah = Nd4j.rand(DataType.DOUBLE, 7, 4), aw = Nd4j.rand(DataType.DOUBLE, 6, 5);
        SameDiff sd = SameDiff.create();
        GraphContext g = new GraphContext(sd, Map.of(), RrlfnConfig.paper(2), DataType.DOUBLE);
        INDArray out = SeparableResize.apply(g, sd.constant(x), 3, ah, aw).eval();
        assertArrayEquals(new long[]{2, 3, 7, 6}, out.shape());
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < 3; c++) {
                INDArray plane = x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(n),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(c)).dup();
                INDArray expected = ah.mmul(plane).mmul(aw.transpose());
                INDArray actual = out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(n),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(c));
                assertTrue(expected.sub(actual).amaxNumber().doubleValue() < 1e-9, n + "," + c);
            }
    }
}
