package org.rrlfn.data.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The image-level bicubic: modcrop first, MATLAB output sizes, uint8 results. */
class BicubicTest {
    private static Rgb8 ramp(int w, int h) {
        Rgb8 img = Rgb8.blank(w, h);
        for (int c = 0; c < 3; c++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.set(c, y, x, 10 + 8 * x + c);
        return img;
    }

    @Test
    void modcropDropsTrailingRowsAndColumns() {
        Rgb8 img = ramp(11, 7);
        assertEquals(8, img.modcrop(4).width());
        assertEquals(4, img.modcrop(4).height());
        assertEquals(9, img.modcrop(3).width());
        assertEquals(6, img.modcrop(3).height());
        assertEquals(10 + 8 * 7, img.modcrop(4).get(0, 3, 7));     // content unchanged, origin kept
    }

    @Test
    void downscaleSizesFollowModcropThenDivision() {
        for (int s = 2; s <= 4; s++) {
            Rgb8 lr = Bicubic.downscale(ramp(11, 7), s);
            assertEquals(11 / s, lr.width());
            assertEquals(7 / s, lr.height());
        }
        Rgb8 up = Bicubic.upscale(ramp(5, 3), 3);
        assertEquals(15, up.width());
        assertEquals(9, up.height());
    }

    @Test
    void horizontalRampHandWorkedAtScaleTwo() {
        // Each row is 10 + 8(p−1) at 1-based column p. Downscaling by 2: interior column x sits at u = 2x − ½ and,
        // with all taps inside, gives the ramp's value there: 10 + 8(2x − 1.5) = 16x − 2. Column 1 (u = 1.5) mirrors:
        // ½(1.09375·10 + 0.796875·18 + 0.203125·26 − 0.0703125·34 − 0.0234375·42) = 13.59375 -> 14.
        Rgb8 lr = Bicubic.downscale(ramp(16, 4), 2);
        assertEquals(14, lr.get(0, 0, 0));
        for (int x = 3; x <= 6; x++) assertEquals(16 * x - 2, lr.get(0, 1, x - 1), "column " + x);
        assertEquals(16 * 4 - 2 + 2, lr.get(2, 1, 3));     // channel 2 is the ramp plus 2
    }
}
