package org.rrlfn.jobs.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rrlfn.data.image.Bicubic;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.data.image.RgbTensors;
import org.rrlfn.jobs.upscale.SyntheticPhoto;

class BlockinessTest {
    /**
     * Y[i][j] = r[i] + c[j], r = (0, 2, 8, 9), c = (5, 4, 1, 0), grid period 2: the grid lies between index 1 and 2
     * on each axis.
     *   rows:    every row steps |−1|, |−3|, |−1|: grid 4 rows × 3 = 12 over 4 steps, elsewhere 4 × (1 + 1) = 8 over 8;
     *   columns: every column steps 2, 6, 1:       grid 4 × 6 = 24 over 4,         elsewhere 4 × (2 + 1) = 12 over 8.
     * Pooled: (12 + 24)/8 = 4.5 across the grid, (8 + 12)/16 = 1.25 elsewhere, B = 4.5/1.25 = 3.6. (The mean of
     * the two axes' own ratios, (3/1 + 6/1.5)/2 = 3.5, would be wrong.)
     */
    static final double[][] WORKED = {{5, 4, 1, 0}, {7, 6, 3, 2}, {13, 12, 9, 8}, {14, 13, 10, 9}};

    @Test
    void aFourByFourWorkedByHand() {
        assertEquals(3.6, Blockiness.of(WORKED, 2, 0), 1e-12);
    }

    @Test
    void theCropKeepsTheImagesGrid() {
        // The worked array at offset (2, 2) of an 8x8 with a wild ring of 2 px: cropping 2 (a multiple of the
        // period) leaves it with its grid lines where they were, so the same 3.6.
        double[][] y = new double[8][8];
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 8; j++) y[i][j] = (i * 37 + j * 91) % 200;
        for (int i = 0; i < 4; i++) System.arraycopy(WORKED[i], 0, y[i + 2], 2, 4);
        assertEquals(3.6, Blockiness.of(y, 2, 2), 1e-12);
    }

    @Test
    void aPhotoScoresAboutOneAndItsNearestNeighbourUpscalingFarMore() {
        Rgb8 photo = SyntheticPhoto.create(192, 160, 11);
        double[][] y = YChannel.of(RgbTensors.planes(photo));
        for (int s : new int[]{2, 3, 4}) {
            double b = Blockiness.of(y, s, s);
            assertEquals(1.0, b, 0.1, "x" + s + " grid on the photo itself");
        }
        Rgb8 lr = Bicubic.downscale(photo, 4);
        double[][] nearest = YChannel.of(RgbTensors.planes(nearest(lr, 4)));
        // No step inside a block at all: +∞.
        assertEquals(Double.POSITIVE_INFINITY, Blockiness.of(nearest, 4, 4));
        double[][] bicubicY = YChannel.of(RgbTensors.planes(Bicubic.upscale(lr, 4))), mix = new double[bicubicY.length][];
        for (int i = 0; i < mix.length; i++) {
            mix[i] = new double[bicubicY[i].length];
            for (int j = 0; j < mix[i].length; j++) mix[i][j] = (bicubicY[i][j] + nearest[i][j]) / 2;
        }
        double bicubic = Blockiness.of(bicubicY, 4, 4), half = Blockiness.of(mix, 4, 4);
        // Measured: half 5.22, bicubic 1.16.
        assertTrue(half > 2, "half nearest-neighbour, half bicubic: " + half);
        assertTrue(bicubic < 1.5, "bicubic x4: " + bicubic);
    }

    @Test
    void degenerateInputsAreRefusedOrNaN() {
        assertTrue(Double.isNaN(Blockiness.of(new double[6][6], 2, 0)), "a flat image has no step to compare");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Blockiness.of(WORKED, 1, 0))
                .getMessage().contains("period"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Blockiness.of(WORKED, 5, 0))
                .getMessage().contains("no grid line"));
    }

    static Rgb8 nearest(Rgb8 lr, int s) {
        Rgb8 out = Rgb8.blank(lr.width() * s, lr.height() * s);
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < out.height(); y++)
                for (int x = 0; x < out.width(); x++) out.set(c, y, x, lr.get(c, y / s, x / s));
        return out;
    }
}
