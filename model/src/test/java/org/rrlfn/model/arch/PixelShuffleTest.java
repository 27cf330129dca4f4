package org.rrlfn.model.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pixel shuffle in PyTorch's CRD order, checked element by element against its definition. The op takes an NHWC map
 * and gives NCHW (it is the network's last op); the tests label and read NCHW, as the definition is written.
 */
class PixelShuffleTest {

    /** PixelShuffle.crd of an NCHW array, handed to it NHWC. */
    private static INDArray shuffle(INDArray nchw, int r, int c, int h, int w) {
        GraphProbe p = new GraphProbe(nchw.permute(0, 2, 3, 1).dup());
        return p.eval(PixelShuffle.crd(p.sd, p.input, r, c, h, w));
    }

    /** in[c', h, w] = 100·c' + 10·h + w: every value names where it came from. */
    private static INDArray labelled(int channels, int h, int w) {
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 1, channels, h, w);
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < h; y++)
                for (int z = 0; z < w; z++) x.putScalar(new long[]{0, c, y, z}, 100 * c + 10 * y + z);
        return x;
    }

    @Test
    void twelveChannelsAtScaleTwo() {
        INDArray out = shuffle(labelled(12, 2, 3), 2, 3, 2, 3);
        assertArrayEquals(new long[]{1, 3, 4, 6}, out.shape());
        // out[1, 3, 2]: h = 1, i = 1, w = 1, j = 0 -> source channel 1·4 + 1·2 + 0 = 6 at (1, 1) -> 611.
        assertEquals(611, out.getDouble(0, 1, 3, 2), 0);
        // out[2, 0, 5]: h = 0, i = 0, w = 2, j = 1 -> channel 9 at (0, 2) -> 902.
        assertEquals(902, out.getDouble(0, 2, 0, 5), 0);
        // Hand-written first row of channel 0: (c'=0,w=0), (c'=1,w=0), (0,1), (1,1), (0,2), (1,2).
        assertArrayEquals(new double[]{0, 100, 1, 101, 2, 102},
                out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.all())
                        .toDoubleVector(), 0);
    }

    @Test
    void everyElementFollowsTheCrdDefinitionAtScaleThree() {
        int r = 3, c = 2, h = 2, w = 3;
        INDArray in = labelled(c * r * r, h, w);
        INDArray out = shuffle(in, r, c, h, w);
        for (int ch = 0; ch < c; ch++)
            for (int y = 0; y < h; y++)
                for (int i = 0; i < r; i++)
                    for (int x = 0; x < w; x++)
                        for (int j = 0; j < r; j++)
                            assertEquals(in.getDouble(0, ch * r * r + i * r + j, y, x),
                                    out.getDouble(0, ch, y * r + i, x * r + j), 0);
    }

    /**
     * In the network's graph the shuffled map is the output as it is (no permute after it: one copy where there were
     * two), and the builder refuses an op after it, which would read an NCHW map as NHWC.
     */
    @Test
    void theShuffledMapIsTheGraphsOutputAndNoOpFollowsIt() {
        INDArray in = labelled(12, 2, 3);
        GraphProbe p = new GraphProbe(in);
        SameDiffBuilder b = new SameDiffBuilder(p.g);
        SameDiffBuilder.Feature up = b.pixelShuffle(p.feature(), 2);
        assertSame(up.variable(), b.output(up));
        // out[1, 3, 2] = channel 6 at (1, 1), as in twelveChannelsAtScaleTwo, through input, shuffle and output.
        assertEquals(611, p.eval(b.output(up)).getDouble(0, 1, 3, 2), 0);
        assertThrows(IllegalStateException.class, () -> b.sigmoid(up));
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        GraphProbe p = new GraphProbe(Nd4j.rand(DataType.DOUBLE, 2, 3, 2, 12));
        assertTrue(p.gradientsMatch(q -> PixelShuffle.crd(q.sd, q.input, 2, 3, 3, 2), 100));
    }
}
