package org.rrlfn.model.image;

/**
 * MATLAB's {@code imresize(A, scale, 'bicubic')}, the resize DIV2K, Set5 and the other SR benchmarks made their LR
 * images with. Pure arithmetic on arrays, no image I/O, so the training loss (as an interpolation matrix) and the
 * data preparation (on uint8 planes) share one definition.
 *
 * <p>What makes it MATLAB's and not a generic bicubic: Keys' cubic kernel with a = −0.5 ({@link #cubic});
 * when shrinking, the kernel is stretched by 1/scale (antialiasing); output sample {@code x} (1-based) sits at
 * input coordinate {@code u = x/scale + 0.5·(1 − 1/scale)}; samples past the border are mirrored including the edge
 * sample ({@code [1..n, n..1]}); weights are normalised to sum to one per output sample; the output length is
 * {@code ceil(in·scale)}; the height is resized before the width; a uint8 image is rounded and clipped to uint8
 * after each of the two passes, as MATLAB's {@code imresizemex} returns the input's class.
 */
public final class MatlabImresize {
    /** MATLAB's bicubic kernel width in input samples, before antialiasing stretches it. */
    static final double KERNEL_WIDTH = 4.0;

    private MatlabImresize() { }

    /** Per output sample {@code i}: {@code out[i] = Σ_k weights[i][k] · in[indices[i][k]]}, indices 0-based. */
    public record Contributions(double[][] weights, int[][] indices) { }

    /** Keys' cubic convolution kernel with a = −0.5, MATLAB's {@code cubic}. */
    public static double cubic(double x) {
        double ax = Math.abs(x);
        double ax2 = ax * ax;
        double ax3 = ax2 * ax;
        if (ax <= 1) return 1.5 * ax3 - 2.5 * ax2 + 1;
        if (ax <= 2) return -0.5 * ax3 + 2.5 * ax2 - 4 * ax + 2;
        return 0;
    }

    /**
     * MATLAB's {@code ceil(scale · in)}. The tiny tolerance keeps a product such as 12 · (1/3) that floating point
     * puts a hair above an integer from gaining a sample MATLAB's exact intent would not have.
     */
    public static int outputLength(int inLength, double scale) {
        return (int) Math.ceil(inLength * scale - 1e-9);
    }

    /** MATLAB's {@code contributions(in_length, out_length, scale, @cubic, 4, true)}, with 0-based indices. */
    public static Contributions contributions(int inLength, int outLength, double scale) {
        if (inLength < 1 || outLength < 1 || !(scale > 0))
            throw new IllegalArgumentException("need positive lengths and scale, got in=" + inLength + " out="
                    + outLength + " scale=" + scale);
        boolean antialias = scale < 1;
        double width = antialias ? KERNEL_WIDTH / scale : KERNEL_WIDTH;
        int taps = (int) Math.ceil(width) + 2;
        double[][] weights = new double[outLength][taps];
        int[][] indices = new int[outLength][taps];
        for (int i = 0; i < outLength; i++) {
            double u = (i + 1) / scale + 0.5 * (1 - 1 / scale);
            long left = (long) Math.floor(u - width / 2);
            double sum = 0;
            for (int k = 0; k < taps; k++) {
                long j = left + k;                      // 1-based input sample, may lie outside 1..inLength
                double d = u - j;
                double w = antialias ? scale * cubic(scale * d) : cubic(d);
                weights[i][k] = w;
                indices[i][k] = mirror(j, inLength);
                sum += w;
            }
            for (int k = 0; k < taps; k++) weights[i][k] /= sum;
        }
        return new Contributions(weights, indices);
    }

    /**
     * MATLAB's symmetric extension {@code aux = [1:n, n:-1:1]; aux(mod(j-1, 2n) + 1)}, returned 0-based: the edge
     * sample is repeated (…, 2, 1, 1, 2, …), unlike a reflection about the edge sample.
     */
    static int mirror(long oneBased, int n) {
        long m = Math.floorMod(oneBased - 1, 2L * n);
        return (int) (m < n ? m : 2L * n - 1 - m);
    }

    /**
     * The resize along one axis as a dense matrix: rows are output samples, columns input samples, mirrored border
     * taps folded onto the samples they read. {@code out = M · in} reproduces {@link #resize} along that axis.
     */
    public static double[][] matrix(int inLength, int outLength, double scale) {
        Contributions c = contributions(inLength, outLength, scale);
        double[][] m = new double[outLength][inLength];
        for (int i = 0; i < outLength; i++)
            for (int k = 0; k < c.weights()[i].length; k++) m[i][c.indices()[i][k]] += c.weights()[i][k];
        return m;
    }

    /** Resizes every channel of a C×H×W image by {@code scale}; values are left unrounded. */
    public static float[][][] resize(float[][][] chw, double scale) {
        int h = chw[0].length;
        int w = chw[0][0].length;
        Contributions rows = contributions(h, outputLength(h, scale), scale);
        Contributions cols = contributions(w, outputLength(w, scale), scale);
        float[][][] out = new float[chw.length][][];
        for (int c = 0; c < chw.length; c++) {
            double[][] plane = toDouble(chw[c]);
            double[][] resized = alongWidth(alongHeight(plane, rows, false), cols, false);
            out[c] = toFloat(resized);
        }
        return out;
    }

    /**
     * Resizes a uint8 image (values 0–255 in an int C×H×W array) as MATLAB does for class uint8: each pass is
     * rounded half away from zero and clipped to 0–255 before the next.
     */
    public static int[][][] resizeUint8(int[][][] chw, double scale) {
        int h = chw[0].length;
        int w = chw[0][0].length;
        Contributions rows = contributions(h, outputLength(h, scale), scale);
        Contributions cols = contributions(w, outputLength(w, scale), scale);
        int[][][] out = new int[chw.length][][];
        for (int c = 0; c < chw.length; c++) {
            double[][] plane = new double[h][w];
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) plane[y][x] = chw[c][y][x];
            double[][] resized = alongWidth(alongHeight(plane, rows, true), cols, true);
            out[c] = new int[resized.length][resized[0].length];
            for (int y = 0; y < resized.length; y++)
                for (int x = 0; x < resized[0].length; x++) out[c][y][x] = (int) resized[y][x];
        }
        return out;
    }

    /** MATLAB's {@code round} then saturation to uint8, i.e. what {@code im2uint8}/{@code imresizemex} store. */
    public static int toUint8(double v) {
        double r = Math.floor(v + 0.5);
        return (int) Math.max(0, Math.min(255, r));
    }

    private static double[][] alongHeight(double[][] in, Contributions c, boolean uint8) {
        int w = in[0].length;
        double[][] out = new double[c.weights().length][w];
        for (int i = 0; i < out.length; i++) {
            double[] wi = c.weights()[i];
            int[] ii = c.indices()[i];
            double[] row = out[i];
            for (int k = 0; k < wi.length; k++) {
                if (wi[k] == 0) continue;
                double[] src = in[ii[k]];
                for (int x = 0; x < w; x++) row[x] += wi[k] * src[x];
            }
            if (uint8) for (int x = 0; x < w; x++) row[x] = toUint8(row[x]);
        }
        return out;
    }

    private static double[][] alongWidth(double[][] in, Contributions c, boolean uint8) {
        int n = c.weights().length;
        double[][] out = new double[in.length][n];
        for (int y = 0; y < in.length; y++) {
            double[] src = in[y];
            for (int i = 0; i < n; i++) {
                double[] wi = c.weights()[i];
                int[] ii = c.indices()[i];
                double s = 0;
                for (int k = 0; k < wi.length; k++) s += wi[k] * src[ii[k]];
                out[y][i] = uint8 ? toUint8(s) : s;
            }
        }
        return out;
    }

    private static double[][] toDouble(float[][] p) {
        double[][] d = new double[p.length][p[0].length];
        for (int y = 0; y < p.length; y++) for (int x = 0; x < p[0].length; x++) d[y][x] = p[y][x];
        return d;
    }

    private static float[][] toFloat(double[][] p) {
        float[][] f = new float[p.length][p[0].length];
        for (int y = 0; y < p.length; y++) for (int x = 0; x < p[0].length; x++) f[y][x] = (float) p[y][x];
        return f;
    }
}
