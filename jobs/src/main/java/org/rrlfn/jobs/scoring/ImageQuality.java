package org.rrlfn.jobs.scoring;

/**
 * The super-resolution benchmark scores with BasicSR's conventions: PSNR and SSIM on the Y channel
 * ({@link YChannel}) of 8-bit RGB images, after cropping {@code border} pixels on each side (usually the scale),
 * and beside them the SR image's {@link Blockiness} on the same Y and crop.
 */
public final class ImageQuality {
    private ImageQuality() { }

    /** PSNR in dB (+∞ for identical crops), SSIM in [−1, 1], blockiness of sr (NaN where no grid was given). */
    public record Scores(double psnrY, double ssimY, double blockinessY) { }

    /** sr, hr: [3][H][W], RGB in [0, 255]; grid: the upscaling factor whose block grid to measure, < 2 for none. */
    public static Scores y(double[][][] sr, double[][][] hr, int border, int grid) {
        return scores(YChannel.of(sr), YChannel.of(hr), border, grid);
    }

    public static Scores y(float[][][] sr, float[][][] hr, int border, int grid) {
        return scores(YChannel.of(sr), YChannel.of(hr), border, grid);
    }

    private static Scores scores(double[][] ySr, double[][] yHr, int border, int grid) {
        Shapes.requireSameSize(ySr, yHr);
        double[][] a = Shapes.crop(ySr, border), b = Shapes.crop(yHr, border);
        return new Scores(Psnr.of(a, b), Ssim.of(a, b), grid < 2 ? Double.NaN : Blockiness.of(ySr, grid, border));
    }
}
