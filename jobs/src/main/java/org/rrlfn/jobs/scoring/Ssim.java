package org.rrlfn.jobs.scoring;

/**
 * Structural similarity (Wang et al. 2004) as BasicSR's {@code _ssim} computes it on one 8-bit plane: local
 * statistics under an 11×11 Gaussian window (σ = 1.5, weights summing to 1), evaluated only where the window
 * lies wholly inside the image ('valid', no padding), and the mean of the SSIM map.
 */
public final class Ssim {
    public static final int WINDOW = 11;
    public static final double SIGMA = 1.5;
    static final double C1 = Math.pow(0.01 * Psnr.PEAK, 2);
    static final double C2 = Math.pow(0.03 * Psnr.PEAK, 2);

    private Ssim() { }

    public static double of(double[][] a, double[][] b) {
        Shapes.requireSameSize(a, b);
        int h = a.length - WINDOW + 1, w = h <= 0 ? 0 : a[0].length - WINDOW + 1;
        if (h <= 0 || w <= 0)
            throw new IllegalArgumentException("SSIM needs at least " + WINDOW + "x" + WINDOW + " pixels, got "
                    + a.length + "x" + (a.length == 0 ? 0 : a[0].length));
        double[][] g = window();
        double sum = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) sum += local(a, b, g, y, x);
        return sum / ((double) h * w);
    }

    /**
     * SSIM of the window whose top-left corner is (y, x): ((2μaμb + C1)(2σab + C2)) / ((μa² + μb² + C1)(σa² + σb² + C2)),
     * with σ² = E[v²] − μ² under the Gaussian weights.
     */
    static double local(double[][] a, double[][] b, double[][] g, int y, int x) {
        double ma = 0, mb = 0, aa = 0, bb = 0, ab = 0;
        for (int i = 0; i < WINDOW; i++) {
            for (int j = 0; j < WINDOW; j++) {
                double wgt = g[i][j], va = a[y + i][x + j], vb = b[y + i][x + j];
                ma += wgt * va;
                mb += wgt * vb;
                aa += wgt * va * va;
                bb += wgt * vb * vb;
                ab += wgt * va * vb;
            }
        }
        double varA = aa - ma * ma, varB = bb - mb * mb, cov = ab - ma * mb;
        return ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (varA + varB + C2));
    }

    /** Outer product of the normalised 1-D Gaussian exp(−(k − 5)²/(2σ²)), k = 0..10 (OpenCV's getGaussianKernel). */
    static double[][] window() {
        double[] k = new double[WINDOW];
        double total = 0;
        for (int i = 0; i < WINDOW; i++) {
            double d = i - WINDOW / 2;
            k[i] = Math.exp(-d * d / (2 * SIGMA * SIGMA));
            total += k[i];
        }
        double[][] g = new double[WINDOW][WINDOW];
        for (int i = 0; i < WINDOW; i++)
            for (int j = 0; j < WINDOW; j++) g[i][j] = k[i] * k[j] / (total * total);
        return g;
    }
}
