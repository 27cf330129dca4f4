package org.rrlfn.data.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rrlfn.data.TestImages;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.model.image.MatlabImresize;

/**
 * The draws a worker makes from one sub-image, checked against test-side references: crop positions are uniform
 * over the aligned grid, the 8 rotations/flips and 6 RGB permutations come with their configured frequencies
 * (identified by test-side rotation code), and every LR crop is the MATLAB-bicubic LR of its HR crop.
 *
 * <p>Chi-square tests at significance 0.001; critical values from scipy.stats.chi2.ppf(0.999, df): df 24 → 51.18,
 * df 47 → 82.72. The draws are seeded, so each test gives the same verdict every run.
 */
class CropSamplerTest {
    private static final double CHI2_24 = 51.18;
    private static final double CHI2_47 = 82.72;

    /** R = 5·row, G = 5·column: a crop's top-left pixel tells where it was cut. */
    private static SubImage coordinates(int side, int scale) {
        Rgb8 hr = Rgb8.blank(side, side);
        for (int y = 0; y < side; y++)
            for (int x = 0; x < side; x++) {
                hr.set(0, y, x, 5 * y);
                hr.set(1, y, x, 5 * x);
            }
        return sub(hr, new Rgb8(MatlabImresize.resizeUint8(hr.planes(), 1.0 / scale)), scale);
    }

    private static SubImage sub(Rgb8 hr, Rgb8 lr, int scale) {
        return SubImage.of(scale, hr, lr);
    }

    private static int pixel(float[] chw, int n, int c, int y, int x) {
        return Math.round(chw[(c * n + y) * n + x] * 255);
    }

    @Test
    void cropPositionsCoverTheSubImageUniformly() {
        // 48-px sub-image, 32-px crops at x4: top-left rows and columns 0, 4, …, 16: 5 × 5 = 25 cells.
        SubImage s = coordinates(48, 4);
        CropSampler sampler = new CropSampler(new SampleSettings(32, 0, 0, 11));
        int draws = 4000;
        int[] cells = new int[25];
        for (int k = 0; k < draws; k++) {
            CropSampler.Crop c = sampler.draw(s, 0, k / 16, k % 16);
            int y = pixel(c.hr(), 32, 0, 0, 0) / 5, x = pixel(c.hr(), 32, 1, 0, 0) / 5;
            assertEquals(0, y % 4, "row on the x4 grid");
            assertEquals(0, x % 4, "column on the x4 grid");
            cells[(y / 4) * 5 + x / 4]++;
        }
        double chi2 = chiSquare(cells, uniform(25), draws);
        assertTrue(chi2 < CHI2_24, "positions not uniform: chi2 = " + chi2 + " (df 24), counts " + Arrays.toString(cells));
        assertTrue(Arrays.stream(cells).allMatch(n -> n > 0), "every position drawn");
    }

    @Test
    void rotationsFlipsAndPermutationsComeWithTheirConfiguredFrequencies() {
        // Sub-image = crop size, so only the augmentation varies; random pixels make every transform distinct.
        Random rnd = new Random(3);
        Rgb8 hr = Rgb8.blank(8, 8);
        for (int c = 0; c < 3; c++) for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) hr.set(c, y, x, rnd.nextInt(256));
        SubImage s = sub(hr, new Rgb8(MatlabImresize.resizeUint8(hr.planes(), 0.5)), 2);
        double flip = 0.5, shuffle = 0.75;
        CropSampler sampler = new CropSampler(new SampleSettings(8, flip, shuffle, 5));
        int draws = 6000;
        int[] cells = new int[48];
        for (int k = 0; k < draws; k++) {
            CropSampler.Crop c = sampler.draw(s, 1, k / 16, k % 16);
            int found = identify(hr.planes(), c.hr(), 8);
            assertTrue(found >= 0, "draw " + k + " is no rotation/flip + permutation of the sub-image");
            // The LR crop went through the same transform.
            assertEquals(found, identify(s.image(false).planes(), c.lr(), 4), "LR transformed like HR, draw " + k);
            cells[found]++;
        }
        double[] p = new double[48];
        for (int t = 0; t < 8; t++)
            for (int q = 0; q < 6; q++)
                p[t * 6 + q] = ((t == 0 ? 1 - flip : 0) + flip / 8) * ((q == 0 ? 1 - shuffle : 0) + shuffle / 6);
        double chi2 = chiSquare(cells, p, draws);
        assertTrue(chi2 < CHI2_47, "augmentation frequencies off: chi2 = " + chi2 + " (df 47), " + Arrays.toString(cells));
        assertTrue(Arrays.stream(cells).allMatch(n -> n > 0), "all 48 combinations drawn");
    }

    @Test
    void everyLrCropIsTheBicubicLrOfItsHrCrop() {
        // A sub-image as prepare cuts it: at (40, 64) of a photo-like image, LR from the whole image's bicubic LR.
        int scale = 4, side = 96, patch = 48, n = patch / scale;
        java.awt.image.BufferedImage img = TestImages.gradient(200, 160, 21);
        int[][][] whole = new int[3][160][200];
        for (int c = 0; c < 3; c++) for (int y = 0; y < 160; y++) for (int x = 0; x < 200; x++) whole[c][y][x] = TestImages.sample(img, c, x, y);
        Rgb8 wholeHr = new Rgb8(whole);
        Rgb8 wholeLr = new Rgb8(MatlabImresize.resizeUint8(whole, 1.0 / scale));
        SubImage s = sub(wholeHr.crop(40, 64, side, side), wholeLr.crop(10, 16, side / scale, side / scale), scale);
        CropSampler sampler = new CropSampler(new SampleSettings(patch, 1, 1, 9));
        for (int k = 0; k < 2000; k++) {
            CropSampler.Crop c = sampler.draw(s, 2, k / 16, k % 16);
            int[][][] region = wholeHr.crop(40 + c.y(), 64 + c.x(), patch, patch).planes();
            int t = c.augmentation().dihedral();
            int[] perm = c.augmentation().permutation();
            // The reported draw is what was cut: the HR crop is the region under it, transformed.
            assertTrue(Arrays.deepEquals(transform(region, t, perm), toInt(c.hr(), patch)), "HR crop of draw " + k);
            int[][][] expected = transform(MatlabImresize.resizeUint8(region, 1.0 / scale), t, perm);
            int[][][] lr = toInt(c.lr(), n);
            for (int ch = 0; ch < 3; ch++)       // away from the crop border, where the crop's own edge enters
                for (int y = 2; y < n - 2; y++)
                    for (int x = 2; x < n - 2; x++)
                        assertEquals(expected[ch][y][x], lr[ch][y][x], "draw " + k + " at " + c.y() + "," + c.x());
        }
    }

    private static final int[][] PERMS = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};

    /** Index t·6 + q of the rotation/flip t and permutation q that map src to the drawn crop, or −1. */
    private static int identify(int[][][] src, float[] crop, int n) {
        int[][][] got = toInt(crop, n);
        for (int t = 0; t < 8; t++)
            for (int q = 0; q < 6; q++) if (Arrays.deepEquals(transform(src, t, PERMS[q]), got)) return t * 6 + q;
        return -1;
    }

    /** t % 4 counter-clockwise quarter turns (numpy's rot90: out[y][x] = in[x][n-1-y]), then a mirror if t >= 4. */
    static int[][][] transform(int[][][] chw, int t, int[] perm) {
        int n = chw[0].length;
        int[][][] out = new int[3][][];
        for (int c = 0; c < 3; c++) {
            int[][] p = chw[perm[c]];
            for (int k = 0; k < t % 4; k++) {
                int[][] r = new int[n][n];
                for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) r[y][x] = p[x][n - 1 - y];
                p = r;
            }
            if (t >= 4) {
                int[][] m = new int[n][n];
                for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) m[y][x] = p[y][n - 1 - x];
                p = m;
            }
            out[c] = p;
        }
        return out;
    }

    private static int[][][] toInt(float[] chw, int n) {
        int[][][] out = new int[3][n][n];
        for (int c = 0; c < 3; c++) for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) out[c][y][x] = pixel(chw, n, c, y, x);
        return out;
    }

    private static double[] uniform(int k) {
        double[] p = new double[k];
        Arrays.fill(p, 1.0 / k);
        return p;
    }

    private static double chiSquare(int[] observed, double[] p, int total) {
        double chi2 = 0;
        for (int i = 0; i < observed.length; i++) {
            double e = p[i] * total;
            chi2 += (observed[i] - e) * (observed[i] - e) / e;
        }
        return chi2;
    }
}
