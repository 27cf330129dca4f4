package org.rrlfn.jobs.scoring;

/**
 * How much an upscaled image's s-pixel block grid shows, a figure PSNR and SSIM do not give: an image can gain
 * PSNR over bicubic and still look like s×s tiles (issue 27). On one plane (the Y of {@link YChannel}),
 * B = mean |ΔY| across the grid lines (between columns k·s − 1 and k·s, likewise rows) ÷ mean |ΔY| at every other
 * pair of adjacent pixels, both axes pooled. Content has no reason to change more across the grid than elsewhere,
 * so a photo scores about 1; an exact nearest-neighbour upscaling has no step inside a block and scores +∞.
 */
public final class Blockiness {
    private Blockiness() { }

    /**
     * B over the pixels left after removing {@code border} on each side (the crop PSNR uses); the grid stays where
     * the whole image puts it. NaN if the crop holds no step at all.
     */
    public static double of(double[][] y, int period, int border) {
        if (period < 2) throw new IllegalArgumentException("blockiness needs a grid period >= 2, got " + period);
        double[][] p = Shapes.crop(y, border);
        double[] sum = new double[2];
        long[] n = new long[2];
        for (int i = 0; i < p.length; i++)
            for (int j = 0; j < p[i].length; j++) {
                if (j + 1 < p[i].length) add(sum, n, onGrid(border + j + 1, period), p[i][j + 1] - p[i][j]);
                if (i + 1 < p.length) add(sum, n, onGrid(border + i + 1, period), p[i + 1][j] - p[i][j]);
            }
        if (n[0] == 0 || n[1] == 0)
            throw new IllegalArgumentException("a " + p.length + "x" + (p.length == 0 ? 0 : p[0].length)
                    + " crop holds no grid line of period " + period + " or no step beside one");
        return (sum[1] / n[1]) / (sum[0] / n[0]);
    }

    /** Index 1 for a step onto the first pixel of a block, 0 for a step inside one. */
    private static int onGrid(int second, int period) {
        return second % period == 0 ? 1 : 0;
    }

    private static void add(double[] sum, long[] n, int k, double step) {
        sum[k] += Math.abs(step);
        n[k]++;
    }
}
