package org.rrlfn.jobs.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every expected value below is worked out by hand (arithmetic written out) or by an independent NumPy run. */
class ImageQualityTest {
    static final double C1 = 6.5025;     // (0.01·255)²
    static final double C2 = 58.5225;    // (0.03·255)²

    @Test
    void lumaWeightsAreBasicSrs() {
        assertEquals(16.0, YChannel.luma(0, 0, 0), 1e-12);
        // 16 + (65.481 + 128.553 + 24.966)·255/255 = 16 + 219 = 235
        assertEquals(235.0, YChannel.luma(255, 255, 255), 1e-12);
        // 16 + 65.481·51/255 = 16 + 13.0962
        assertEquals(29.0962, YChannel.luma(51, 0, 0), 1e-12);
    }

    /** Both overloads read R, G and B of the same pixel, on a non-square image (no row/column swap). */
    @Test
    void lumaIsTakenPerPixelFromDoubleAndFloatImages() {
        double[][][] d = new double[3][2][3];
        float[][][] f = new float[3][2][3];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 3; j++) f[c][i][j] = (float) (d[c][i][j] = 100 * c + 10 * i + j);
        // Pixel (1, 2): R = 12, G = 112, B = 212 → 16 + (65.481·12 + 128.553·112 + 24.966·212)/255
        double expected = 16 + (65.481 * 12 + 128.553 * 112 + 24.966 * 212) / 255;
        assertEquals(expected, YChannel.of(d)[1][2], 1e-12);
        assertEquals(expected, YChannel.of(f)[1][2], 1e-12);
        assertEquals(2, YChannel.of(f).length);
        assertEquals(3, YChannel.of(d)[0].length);
    }

    @Test
    void uniformShiftOfAllChannelsHasAClosedFormPsnr() {
        // Adding k to R, G and B adds k·(65.481 + 128.553 + 24.966)/255 = k·219/255 to Y everywhere, so
        // MSE = (219k/255)² and PSNR = 10·log10(255²/MSE) = 20·log10(255²/(219k)). For k = 3: 20·log10(65025/657).
        double[][][] hr = pattern(20, 24), sr = shifted(hr, 3);
        assertEquals(20 * Math.log10(65025.0 / 657.0), ImageQuality.y(sr, hr, 0, 0).psnrY(), 1e-9);
        assertEquals(39.910299826, ImageQuality.y(sr, hr, 4, 0).psnrY(), 1e-8);
    }

    @Test
    void onePixelDifferenceWorkedByHand() {
        // 2×2 planes, one value off by 13.0962 (R off by 51 → Y off by 65.481·51/255 = 13.0962):
        // MSE = 13.0962²/4 = 171.51045444/4 = 42.87761361; PSNR = 10·log10(65025/42.87761361) = 31.8084975.
        double[][] a = {{50, 60}, {70, 80}}, b = {{50, 60}, {70, 80 + 13.0962}};
        assertEquals(42.87761361, Psnr.meanSquaredError(a, b), 1e-8);
        assertEquals(31.80849755, Psnr.of(a, b), 1e-7);
    }

    @Test
    void identicalImagesScoreInfinityAndOne() {
        double[][][] hr = pattern(17, 19);
        ImageQuality.Scores s = ImageQuality.y(hr, pattern(17, 19), 2, 0);
        assertEquals(Double.POSITIVE_INFINITY, s.psnrY());
        assertEquals(1.0, s.ssimY(), 1e-12);
    }

    @Test
    void constantImagesHaveTheMeanOnlySsim() {
        // Gray 100 vs gray 110: Y1 = 16 + 100·219/255 = 101.882353, Y2 = 16 + 110·219/255 = 110.470588.
        // Every σ is 0, so SSIM = (2·Y1·Y2 + C1)/(Y1² + Y2² + C1) · (0 + C2)/(0 + C2)
        //                       = (22509.9346 + 6.5025)/(10380.0138 + 12203.7509 + 6.5025) = 0.99673498.
        double y1 = 16 + 100 * 219.0 / 255, y2 = 16 + 110 * 219.0 / 255;
        double expected = (2 * y1 * y2 + C1) / (y1 * y1 + y2 * y2 + C1);
        assertEquals(0.99673498, expected, 1e-8);
        assertEquals(expected, ImageQuality.y(gray(12, 15, 100), gray(12, 15, 110), 0, 0).ssimY(), 1e-10);
    }

    @Test
    void singleSpotSsimWorkedByHand() {
        // 11×11 planes, all 0 but the centre: 200 in one, 100 in the other; the SSIM map is one value.
        // 1-D weights exp(−d²/4.5), d = −5..5: 1, 2·(0.8007374 + 0.4111123 + 0.1353353 + 0.0285655 + 0.0038659)
        // sum S = 3.7592328; the centre's 2-D weight is wc = 1/S² = 0.0707622.
        // μa = 200·wc, μb = 100·wc; E[a²] = 200²·wc so σa² = 200²·wc(1 − wc); σb² = 100²·wc(1 − wc); σab = 200·100·wc(1 − wc).
        // SSIM = (2·20000·wc² + C1)(2·20000·wc(1 − wc) + C2) / ((50000·wc² + C1)(50000·wc(1 − wc) + C2))
        //      = (206.79427 · 2688.72024) / (256.86721 · 3346.26967) = 0.64686627.
        double s = 1 + 2 * (Math.exp(-1 / 4.5) + Math.exp(-4 / 4.5) + Math.exp(-9 / 4.5) + Math.exp(-16 / 4.5) + Math.exp(-25 / 4.5));
        assertEquals(3.7592328, s, 1e-7);
        double[][] a = new double[11][11], b = new double[11][11];
        a[5][5] = 200;
        b[5][5] = 100;
        assertEquals(0.64686627, Ssim.of(a, b), 1e-8);
    }

    @Test
    void matchesAnIndependentNumPyComputation() {
        // HR: R = (7i + 13j) mod 256, G = (5ij + 3) mod 256, B = (11i + 2j²) mod 256 on 18×16; SR adds
        // ((3i + 5j + 7c) mod 21) − 10 to channel c, clipped to [0, 255]; crop 2. NumPy/SciPy, BasicSR's formulas
        // (correlate2d 'valid' with the normalised 11×11 Gaussian): PSNR 39.759380203262, SSIM 0.997680420815.
        double[][][] hr = new double[3][18][16], sr = new double[3][18][16];
        for (int i = 0; i < 18; i++) {
            for (int j = 0; j < 16; j++) {
                hr[0][i][j] = (7 * i + 13 * j) % 256;
                hr[1][i][j] = (5 * i * j + 3) % 256;
                hr[2][i][j] = (11 * i + 2 * j * j) % 256;
                for (int c = 0; c < 3; c++)
                    sr[c][i][j] = Math.min(255, Math.max(0, hr[c][i][j] + (3 * i + 5 * j + 7 * c) % 21 - 10));
            }
        }
        ImageQuality.Scores s = ImageQuality.y(sr, hr, 2, 0);
        assertEquals(39.759380203262, s.psnrY(), 1e-9);
        assertEquals(0.997680420815, s.ssimY(), 1e-11);
    }

    @Test
    void differencesInsideTheCropBorderDoNotCount() {
        double[][][] hr = pattern(30, 26), sr = pattern(30, 26);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 30; i++) {
                for (int j = 0; j < 26; j++) {
                    boolean border = i < 4 || j < 4 || i >= 26 || j >= 22;
                    if (border) sr[c][i][j] = 255 - hr[c][i][j];
                }
            }
        }
        ImageQuality.Scores cropped = ImageQuality.y(sr, hr, 4, 0);
        assertEquals(Double.POSITIVE_INFINITY, cropped.psnrY());
        assertEquals(1.0, cropped.ssimY(), 1e-12);
        ImageQuality.Scores uncropped = ImageQuality.y(sr, hr, 3, 0);
        // One pixel less of crop and the inverted ring shows in both scores.
        assertTrue(uncropped.psnrY() < 40 && uncropped.ssimY() < 0.9999, uncropped.toString());
    }

    @Test
    void floatInputGivesTheSameScores() {
        double[][][] hr = pattern(16, 16), sr = shifted(hr, 2);
        float[][][] hrF = toFloat(hr), srF = toFloat(sr);
        assertEquals(ImageQuality.y(sr, hr, 1, 2), ImageQuality.y(srF, hrF, 1, 2));
    }

    @Test
    void badShapesAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageQuality.y(pattern(16, 16), pattern(16, 17), 0, 0))
                .getMessage().contains("16x16 vs 16x17"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageQuality.y(pattern(16, 16), pattern(16, 16), 8, 0))
                .getMessage().contains("crop border 8"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageQuality.y(pattern(14, 16), pattern(14, 16), 2, 0))
                .getMessage().contains("11x11"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> YChannel.of(new double[1][4][4]))
                .getMessage().contains("3 channels"));
    }

    /** A deterministic uint8-valued RGB texture with values in [10, 240], so ±k shifts stay in range. */
    static double[][][] pattern(int h, int w) {
        double[][][] p = new double[3][h][w];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < h; i++)
                for (int j = 0; j < w; j++) p[c][i][j] = 10 + (i * 31 + j * 17 + c * 59 + i * j) % 231;
        return p;
    }

    static double[][][] shifted(double[][][] img, double k) {
        double[][][] out = new double[3][][];
        for (int c = 0; c < 3; c++) {
            out[c] = new double[img[c].length][];
            for (int i = 0; i < img[c].length; i++) {
                out[c][i] = img[c][i].clone();
                for (int j = 0; j < out[c][i].length; j++) out[c][i][j] += k;
            }
        }
        return out;
    }

    static double[][][] gray(int h, int w, double v) {
        double[][][] p = new double[3][h][w];
        for (double[][] plane : p) for (double[] row : plane) java.util.Arrays.fill(row, v);
        return p;
    }

    static float[][][] toFloat(double[][][] img) {
        float[][][] f = new float[3][img[0].length][img[0][0].length];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < f[c].length; i++)
                for (int j = 0; j < f[c][i].length; j++) f[c][i][j] = (float) img[c][i][j];
        return f;
    }
}
