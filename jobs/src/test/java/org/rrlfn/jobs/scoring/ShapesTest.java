package org.rrlfn.jobs.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The shape checks and border crop that PSNR and SSIM apply before comparing two images. */
class ShapesTest {
    @Test
    void cropRemovesTheBorderOnEverySide() {
        double[][] plane = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};
        assertArrayEquals(new double[][]{{6, 7}}, Shapes.crop(plane, 1));
        assertArrayEquals(plane, Shapes.crop(plane, 0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Shapes.crop(plane, 2)).getMessage()
                .contains("leaves nothing of a 3x4 image"));
        assertThrows(IllegalArgumentException.class, () -> Shapes.crop(plane, -1));
    }

    @Test
    void sizesAndChannelsMustMatch() {
        Shapes.requireSameSize(new double[2][3], new double[2][3]);
        Shapes.requireRgb(3, "a.png");
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Shapes.requireSameSize(new double[2][3], new double[3][2])).getMessage().contains("2x3 vs 3x2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Shapes.requireRgb(4, "a.png")).getMessage()
                .startsWith("a.png: expected 3 channels"));
    }
}
