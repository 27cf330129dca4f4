package org.rrlfn.jobs.scoring;

/** Peak signal-to-noise ratio for 8-bit data: 10·log10(255²/MSE) dB, +∞ for identical planes (as BasicSR). */
public final class Psnr {
    public static final double PEAK = 255.0;

    private Psnr() { }

    public static double of(double[][] a, double[][] b) {
        double mse = meanSquaredError(a, b);
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(PEAK * PEAK / mse);
    }

    static double meanSquaredError(double[][] a, double[][] b) {
        Shapes.requireSameSize(a, b);
        double sum = 0;
        long n = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                double d = a[i][j] - b[i][j];
                sum += d * d;
            }
            n += a[i].length;
        }
        return sum / n;
    }
}
