package org.rrlfn.jobs.scoring;

/**
 * Luma of ITU-R BT.601 in the "studio" range, as BasicSR's {@code rgb2ycbcr(y_only=True)} computes it for
 * evaluation: Y = 16 + (65.481·R + 128.553·G + 24.966·B)/255 for R, G, B in [0, 255], in float64 and not
 * rounded, so Y spans [16, 235].
 */
public final class YChannel {
    private YChannel() { }

    /** rgb: [3][H][W] with values in [0, 255]; returns Y [H][W]. */
    public static double[][] of(double[][][] rgb) {
        Shapes.requireRgb(rgb.length, "image");
        return of(rgb[0].length, rgb[0].length == 0 ? 0 : rgb[0][0].length, (c, i, j) -> rgb[c][i][j]);
    }

    /** The same for float input (e.g. a network's output scaled to [0, 255]), widened to double first. */
    public static double[][] of(float[][][] rgb) {
        Shapes.requireRgb(rgb.length, "image");
        return of(rgb[0].length, rgb[0].length == 0 ? 0 : rgb[0][0].length, (c, i, j) -> rgb[c][i][j]);
    }

    /** Channel c of pixel (i, j), in [0, 255]. */
    private interface Rgb { double at(int c, int i, int j); }

    private static double[][] of(int h, int w, Rgb rgb) {
        double[][] y = new double[h][w];
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) y[i][j] = luma(rgb.at(0, i, j), rgb.at(1, i, j), rgb.at(2, i, j));
        return y;
    }

    static double luma(double r, double g, double b) {
        return 16.0 + (65.481 * r + 128.553 * g + 24.966 * b) / 255.0;
    }
}
