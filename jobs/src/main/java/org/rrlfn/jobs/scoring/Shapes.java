package org.rrlfn.jobs.scoring;

/** Shape checks shared by the metrics, each failing with a message that names both shapes. */
final class Shapes {
    private Shapes() { }

    static void requireRgb(int channels, String what) {
        if (channels != 3) throw new IllegalArgumentException(what + ": expected 3 channels (RGB), got " + channels);
    }

    static void requireSameSize(double[][] a, double[][] b) {
        int ha = a.length, wa = ha == 0 ? 0 : a[0].length, hb = b.length, wb = hb == 0 ? 0 : b[0].length;
        if (ha != hb || wa != wb)
            throw new IllegalArgumentException("images differ in size: " + ha + "x" + wa + " vs " + hb + "x" + wb);
    }

    /** The plane without {@code border} pixels on each side (BasicSR's crop_border). */
    static double[][] crop(double[][] plane, int border) {
        if (border < 0) throw new IllegalArgumentException("crop border must be >= 0, got " + border);
        int h = plane.length, w = h == 0 ? 0 : plane[0].length;
        if (h <= 2 * border || w <= 2 * border)
            throw new IllegalArgumentException("crop border " + border + " leaves nothing of a " + h + "x" + w + " image");
        double[][] out = new double[h - 2 * border][];
        for (int i = 0; i < out.length; i++)
            out[i] = java.util.Arrays.copyOfRange(plane[i + border], border, w - border);
        return out;
    }
}
