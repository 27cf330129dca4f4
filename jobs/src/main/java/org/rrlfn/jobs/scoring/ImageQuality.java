package org.rrlfn.jobs.scoring;

/**
 * The super-resolution benchmark scores with BasicSR's conventions: PSNR and SSIM on the Y channel
 * ({@link YChannel}) of 8-bit RGB images, after cropping {@code border} pixels on each side (usually the scale).
 */
public final class ImageQuality {
    private ImageQuality() { }

    /** PSNR in dB (+∞ for identical crops) and SSIM in [−1, 1]. */
    public record Scores(double psnrY, double ssimY) { }

    /** sr, hr: [3][H][W], RGB in [0, 255]. */
    public static Scores y(double[][][] sr, double[][][] hr, int border) {
        return scores(YChannel.of(sr), YChannel.of(hr), border);
    }

    public static Scores y(float[][][] sr, float[][][] hr, int border) {
        return scores(YChannel.of(sr), YChannel.of(hr), border);
    }

    private static Scores scores(double[][] ySr, double[][] yHr, int border) {
        Shapes.requireSameSize(ySr, yHr);
        double[][] a = Shapes.crop(ySr, border), b = Shapes.crop(yHr, border);
        return new Scores(Psnr.of(a, b), Ssim.of(a, b));
    }
}
