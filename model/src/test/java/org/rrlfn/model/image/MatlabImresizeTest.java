package org.rrlfn.model.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * MATLAB bicubic imresize against values worked out by hand from the definition (Keys' kernel, a = −0.5;
 * u = x/scale + ½(1 − 1/scale); kernel stretched by 1/scale when shrinking; mirror [1..n, n..1]; rows normalised).
 * Kernel values used below: k(0)=1, k(¼)=0.8671875, k(½)=0.5625, k(¾)=0.2265625, k(1)=0, k(1¼)=−0.0703125,
 * k(1½)=−0.0625, k(1¾)=−0.0234375, k(⅓)=21/27, k(⅔)=9/27, k(4/3)=−2/27, k(5/3)=−1/27.
 */
class MatlabImresizeTest {
    private static final double EPS = 1e-12;

    /** A 1×n image (one channel) as the C×H×W float array the API takes. */
    private static float[][][] row(double... v) {
        float[][][] img = new float[1][1][v.length];
        for (int i = 0; i < v.length; i++) img[0][0][i] = (float) v[i];
        return img;
    }

    private static float[][][] column(double... v) {
        float[][][] img = new float[1][v.length][1];
        for (int i = 0; i < v.length; i++) img[0][i][0] = (float) v[i];
        return img;
    }

    @Test
    void kernelValues() {
        assertEquals(1.0, MatlabImresize.cubic(0), EPS);
        assertEquals(0.8671875, MatlabImresize.cubic(0.25), EPS);
        assertEquals(0.5625, MatlabImresize.cubic(-0.5), EPS);
        assertEquals(0.0, MatlabImresize.cubic(1), EPS);
        assertEquals(-0.0625, MatlabImresize.cubic(1.5), EPS);
        assertEquals(-0.0234375, MatlabImresize.cubic(-1.75), EPS);
        assertEquals(0.0, MatlabImresize.cubic(2), EPS);
        assertEquals(0.0, MatlabImresize.cubic(2.5), EPS);
        assertEquals(-1.0 / 27, MatlabImresize.cubic(5.0 / 3), 1e-12);
    }

    @Test
    void outputSizesAreCeilOfScaledSize() {
        assertEquals(4, MatlabImresize.outputLength(7, 0.5));
        assertEquals(3, MatlabImresize.outputLength(7, 1.0 / 3));
        assertEquals(4, MatlabImresize.outputLength(12, 1.0 / 3));
        assertEquals(3, MatlabImresize.outputLength(10, 0.25));
        assertEquals(4, MatlabImresize.outputLength(13, 0.25));
        assertEquals(10, MatlabImresize.outputLength(5, 2));
        assertEquals(15, MatlabImresize.outputLength(5, 3));
        assertEquals(28, MatlabImresize.outputLength(7, 4));
        float[][][] out = MatlabImresize.resize(new float[3][7][9], 1.0 / 3);
        assertEquals(3, out.length);
        assertEquals(3, out[0].length);
        assertEquals(3, out[0][0].length);
    }

    @Test
    void symmetricPaddingRepeatsTheEdgeSample() {
        // aux = [1 2 3 3 2 1] for n = 3, so 1-based j = 0 reads sample 1, j = -1 reads 2, j = 4 reads 3, j = 5 reads 2.
        assertEquals(0, MatlabImresize.mirror(0, 3));
        assertEquals(1, MatlabImresize.mirror(-1, 3));
        assertEquals(2, MatlabImresize.mirror(-2, 3));
        assertEquals(2, MatlabImresize.mirror(4, 3));
        assertEquals(1, MatlabImresize.mirror(5, 3));
        assertEquals(0, MatlabImresize.mirror(6, 3));
        assertEquals(0, MatlabImresize.mirror(7, 3));   // period 2n
    }

    @Test
    void upscaleByTwoHandWorked() {
        // x=1: u=0.75, taps j=-1..2 with k(1.75), k(0.75), k(0.25), k(1.25); j=-1 -> sample 2, j=0 -> sample 1:
        // out1 = (0.2265625+0.8671875)·in1 + (−0.0234375−0.0703125)·in2 = 1.09375·in1 − 0.09375·in2.
        // x=4: u=2.25, taps j=1..4: −0.0703125·10 + 0.8671875·20 + 0.2265625·30 − 0.0234375·40 = 22.5 (the ramp at 2.25).
        float[][][] out = MatlabImresize.resize(row(10, 20, 30, 40), 2);
        assertEquals(8, out[0][0].length);
        assertEquals(1.09375 * 10 - 0.09375 * 20, out[0][0][0], 1e-5);
        assertEquals(22.5, out[0][0][3], 1e-5);
        // The last sample mirrors the first: ramp reversed about 25.
        assertEquals(50 - (1.09375 * 10 - 0.09375 * 20), out[0][0][7], 1e-5);
        // Same along the height.
        float[][][] col = MatlabImresize.resize(column(10, 20, 30, 40), 2);
        assertEquals(9.0625, col[0][0][0], 1e-5);
        assertEquals(22.5, col[0][3][0], 1e-5);
    }

    @Test
    void downscaleByTwoHandWorked() {
        // x=1: u=1.5, antialiased kernel ½·k(d/2) over j=-2..5, mirrored j=-2,-1,0 -> samples 3,2,1; normalised:
        // out1 = ½(1.09375·in1 + 0.796875·in2 + 0.203125·in3 − 0.0703125·in4 − 0.0234375·in5).
        float[][][] out = MatlabImresize.resize(row(10, 20, 30, 40, 50, 60, 70, 80), 0.5);
        assertEquals(4, out[0][0].length);
        assertEquals(14.4921875, out[0][0][0], 1e-5);
        // x=2: u=3.5, taps j=0..7 = ½[−0.0234375 −0.0703125 0.2265625 0.8671875 0.8671875 0.2265625 −0.0703125
        // −0.0234375]; j=0 mirrors to sample 1 (10, not the ramp's 0), so ½·69.765625 instead of the ramp's 35.
        assertEquals(34.8828125, out[0][0][1], 1e-5);
        assertEquals(90 - 34.8828125, out[0][0][2], 1e-5);
        assertEquals(90 - 14.4921875, out[0][0][3], 1e-5);
        double[][] m = MatlabImresize.matrix(8, 4, 0.5);
        assertArrayEquals(new double[] {0.546875, 0.3984375, 0.1015625, -0.03515625, -0.01171875, 0, 0, 0}, m[0], EPS);
    }

    @Test
    void downscaleByThreeHandWorked() {
        // x=1: u=2, weights k(d/3)/3 normalised = [−1 −2 0 9 21 27 21 9 0 −2 −1]/81 for j=-3..7; j=-3..0 mirror to
        // samples 4,3,2,1: out1 = (30·in1 + 27·in2 + 19·in3 + 8·in4 + 0·in5 − 2·in6 − 1·in7)/81.
        double[][] m = MatlabImresize.matrix(9, 3, 1.0 / 3);
        double[] expected = {30 / 81.0, 27 / 81.0, 19 / 81.0, 8 / 81.0, 0, -2 / 81.0, -1 / 81.0, 0, 0};
        assertArrayEquals(expected, m[0], 1e-12);
        float[][][] out = MatlabImresize.resize(row(1, 2, 3, 4, 5, 6, 7, 8, 9), 1.0 / 3);
        assertEquals(154 / 81.0, out[0][0][0], 1e-5);
        assertEquals(5.0, out[0][0][1], 1e-5);      // u=5: centred, symmetric taps inside the image
        assertEquals(10 - 154 / 81.0, out[0][0][2], 1e-5);
    }

    @Test
    void upscaleByThreePassesThroughTheInputSamples() {
        // Output x = 3k−1 (1-based) sits at u = k exactly: k(0)=1, k(±1)=k(±2)=0.
        float[][][] out = MatlabImresize.resize(row(3, 141, 59, 26, 5), 3);
        assertEquals(15, out[0][0].length);
        double[] in = {3, 141, 59, 26, 5};
        for (int k = 0; k < 5; k++) assertEquals(in[k], out[0][0][3 * k + 1], 1e-4);
    }

    @Test
    void constantImagesStayConstant() {
        for (double scale : new double[] {2, 3, 4, 0.5, 1.0 / 3, 0.25}) {
            for (int[] size : new int[][] {{7, 9}, {12, 12}, {13, 5}}) {
                float[][][] img = new float[3][size[0]][size[1]];
                for (int c = 0; c < 3; c++) for (float[] r : img[c]) java.util.Arrays.fill(r, 0.25f * (c + 1));
                float[][][] out = MatlabImresize.resize(img, scale);
                for (int c = 0; c < 3; c++)
                    for (float[] r : out[c]) for (float v : r) assertEquals(0.25 * (c + 1), v, 1e-6, "scale " + scale);
            }
        }
    }

    @Test
    void linearRampStaysLinearAwayFromBorders() {
        // Cubic convolution reproduces linear functions; the output at u is a·u + b wherever no tap is mirrored.
        int n = 48;
        double[] ramp = new double[n];
        for (int i = 0; i < n; i++) ramp[i] = 3 + 2 * (i + 1);          // value at 1-based position p: 3 + 2p
        for (double scale : new double[] {2, 3, 4, 0.5, 1.0 / 3, 0.25}) {
            float[][][] out = MatlabImresize.resize(row(ramp), scale);
            double halfSupport = scale < 1 ? 2 / scale : 2;
            for (int x = 1; x <= out[0][0].length; x++) {
                double u = x / scale + 0.5 * (1 - 1 / scale);
                if (u - halfSupport < 1 || u + halfSupport > n) continue;
                assertEquals(3 + 2 * u, out[0][0][x - 1], 1e-3, "scale " + scale + " x " + x);
            }
        }
    }

    @Test
    void matrixRowsSumToOneAndMatchResize() {
        for (double scale : new double[] {2, 3, 4, 0.5, 1.0 / 3, 0.25}) {
            int in = 11;
            int outLen = MatlabImresize.outputLength(in, scale);
            double[][] m = MatlabImresize.matrix(in, outLen, scale);
            double[] v = new double[in];
            for (int i = 0; i < in; i++) v[i] = Math.sin(i * 1.7) * 100;
            float[][][] out = MatlabImresize.resize(row(v), scale);
            for (int r = 0; r < outLen; r++) {
                double sum = 0;
                double dot = 0;
                for (int c = 0; c < in; c++) { sum += m[r][c]; dot += m[r][c] * v[c]; }
                assertEquals(1.0, sum, 1e-12);
                assertEquals(dot, out[0][0][r], 1e-3);
            }
        }
    }

    @Test
    void heightAndWidthPassesAreSeparable() {
        // An outer product resizes to the outer product of the resized factors (float path, no rounding).
        double[] a = {1, 4, 2, 8, 5, 7, 3};
        double[] b = {2, 0, 5, 1, 9};
        float[][][] img = new float[1][a.length][b.length];
        for (int y = 0; y < a.length; y++) for (int x = 0; x < b.length; x++) img[0][y][x] = (float) (a[y] * b[x]);
        for (double scale : new double[] {2, 0.5}) {
            float[][][] out = MatlabImresize.resize(img, scale);
            float[][][] ra = MatlabImresize.resize(column(a), scale);
            float[][][] rb = MatlabImresize.resize(row(b), scale);
            for (int y = 0; y < out[0].length; y++)
                for (int x = 0; x < out[0][0].length; x++)
                    assertEquals(ra[0][y][0] * rb[0][0][x], out[0][y][x], 1e-3);
        }
    }

    @Test
    void uint8RoundsHalfAwayFromZeroLikeMatlab() {
        // 1×4 row upscaled ×2: the height pass is exact (one row), the width pass gives 9.0625 and 22.5 (above).
        int[][][] img = {{{10, 20, 30, 40}}};
        int[][][] out = MatlabImresize.resizeUint8(img, 2);
        assertEquals(2, out[0].length);
        assertEquals(9, out[0][0][0]);
        assertEquals(23, out[0][0][3]);          // MATLAB round(22.5) = 23 (numpy's around would give 22)
        assertEquals(out[0][0][3], out[0][1][3]);
        // Saturation: an edge overshoots past 255 and below 0.
        int[][][] step = {{{0, 0, 255, 255}}};
        int[][][] s = MatlabImresize.resizeUint8(step, 2);
        for (int v : s[0][0]) { assertEquals(true, v >= 0 && v <= 255); }
        assertEquals(255, s[0][0][7]);
        assertEquals(0, s[0][0][0]);
    }

    @Test
    void uint8RoundsAfterTheHeightPass() {
        // Downscaling a 2-sample axis by 2: u=1.5 sits halfway between the samples and the mirror [1 2 2 1] is
        // symmetric about it, so both weigh ½.
        assertEquals(0.5, MatlabImresize.matrix(2, 1, 0.5)[0][0], 1e-12);
        // [0 0; 255 255]: height pass 127.5 -> 128 (round half away from zero), width pass averages 128s -> 128.
        assertEquals(128, MatlabImresize.resizeUint8(new int[][][] {{{0, 0}, {255, 255}}}, 0.5)[0][0][0]);
        // [0 1; 0 0]: height pass [0 0.5] is stored as [0 1], width pass ½(0+1) = 0.5 -> 1. A float pipeline that
        // rounds once at the end gives ¼ -> 0: this is what MATLAB's per-pass uint8 output changes.
        assertEquals(1, MatlabImresize.resizeUint8(new int[][][] {{{0, 1}, {0, 0}}}, 0.5)[0][0][0]);
        assertEquals(0.25, MatlabImresize.resize(new float[][][] {{{0, 1}, {0, 0}}}, 0.5)[0][0][0], 1e-6);
    }

    /**
     * The MATLAB definition written out directly, as a dense sum over every input position: output x (1-based)
     * at u = x/s + ½(1 − 1/s); tap j weighs k(u − j) (s ≥ 1) or s·k(s(u − j)) (s < 1); taps outside 1..n read the
     * mirrored sample of [1..n, n..1]; the weights are divided by their sum. Checked at scales 4 and ¼ and at odd
     * lengths, where the border taps fold onto different samples at each end.
     */
    @Test
    void matchesTheDefinitionWrittenOutAtScaleFourAndOddLengths() {
        for (double scale : new double[] {4, 0.25, 3, 1.0 / 3, 2, 0.5}) {
            for (int n : new int[] {5, 13, 17}) {
                int outLen = (int) Math.ceil(n * scale - 1e-9);
                double[][] m = MatlabImresize.matrix(n, outLen, scale);
                for (int x = 1; x <= outLen; x++) {
                    double u = x / scale + 0.5 * (1 - 1 / scale);
                    double[] expected = new double[n];
                    double total = 0;
                    for (int j = (int) Math.floor(u) - 20; j <= (int) Math.ceil(u) + 20; j++) {
                        double d = u - j;
                        double w = scale >= 1 ? keys(d) : scale * keys(scale * d);
                        int period = ((j - 1) % (2 * n) + 2 * n) % (2 * n);     // 0-based index into [1..n, n..1]
                        int sample = period < n ? period : 2 * n - 1 - period;
                        expected[sample] += w;
                        total += w;
                    }
                    for (int i = 0; i < n; i++) expected[i] /= total;
                    assertArrayEquals(expected, m[x - 1], 1e-12, "scale " + scale + " n " + n + " x " + x);
                }
            }
        }
    }

    /** Keys (1981) with a = −0.5, written from the paper's piecewise form a|x|³ … rather than MATLAB's expansion. */
    private static double keys(double x) {
        double a = -0.5;
        double t = Math.abs(x);
        if (t <= 1) return (a + 2) * t * t * t - (a + 3) * t * t + 1;
        if (t < 2) return a * t * t * t - 5 * a * t * t + 8 * a * t - 4 * a;
        return 0;
    }
}
