package org.rrlfn.data.image;

/**
 * An 8-bit RGB image as three planes of ints 0–255 ({@code [channel][row][column]}), the layout
 * {@link org.rrlfn.model.image.MatlabImresize#resizeUint8} works on.
 */
public final class Rgb8 {
    private final int[][][] chw;

    public Rgb8(int[][][] chw) {
        if (chw.length != 3) throw new IllegalArgumentException("an RGB image needs 3 planes, got " + chw.length);
        this.chw = chw;
    }

    public static Rgb8 blank(int width, int height) {
        return new Rgb8(new int[3][height][width]);
    }

    public int width() { return chw[0][0].length; }

    public int height() { return chw[0].length; }

    /** The planes themselves, not a copy. */
    public int[][][] planes() { return chw; }

    public int get(int c, int y, int x) { return chw[c][y][x]; }

    public void set(int c, int y, int x, int v) { chw[c][y][x] = v; }

    /** A copy of rows {@code y0..y0+h-1}, columns {@code x0..x0+w-1}. */
    public Rgb8 crop(int y0, int x0, int h, int w) {
        if (y0 < 0 || x0 < 0 || h < 1 || w < 1 || y0 + h > height() || x0 + w > width())
            throw new IllegalArgumentException("crop " + w + "x" + h + "+" + x0 + "+" + y0 + " outside a "
                    + width() + "x" + height() + " image");
        int[][][] out = new int[3][h][w];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < h; y++) System.arraycopy(chw[c][y0 + y], x0, out[c][y], 0, w);
        return new Rgb8(out);
    }

    /** MATLAB's {@code modcrop}: drops the last rows and columns so both sides are multiples of {@code scale}. */
    public Rgb8 modcrop(int scale) {
        int h = height() - height() % scale;
        int w = width() - width() % scale;
        return h == height() && w == width() ? this : crop(0, 0, h, w);
    }
}
