package org.rrlfn.data.sampling;

import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.rrlfn.data.image.Rgb8;

/**
 * An aligned HR/LR sub-image pair as stored in a shard: LR = MATLAB-bicubic of the whole image at this scale, cut
 * at the HR position / scale. Record layout (big-endian): magic, scale, HR height, HR width, then the HR and the LR
 * bytes, each channel-major (C×H×W). Raw 8-bit planes rather than PNG: a worker reads a record with one seek and
 * crops it without decoding, which keeps sampling a small share of a training step.
 */
public record SubImage(int scale, int height, int width, byte[] hr, byte[] lr) {
    static final int MAGIC = 0x52535542;   // "RSUB"

    public int lrHeight() { return height / scale; }

    public int lrWidth() { return width / scale; }

    /** The pair as a record holds it; LR must be HR / scale on both sides. */
    public static SubImage of(int scale, Rgb8 hr, Rgb8 lr) {
        if (lr.height() * scale != hr.height() || lr.width() * scale != hr.width())
            throw new IllegalArgumentException("LR " + lr.width() + "x" + lr.height() + " is not HR " + hr.width() + "x"
                    + hr.height() + " / " + scale);
        return new SubImage(scale, hr.height(), hr.width(), bytes(hr), bytes(lr));
    }

    public static void write(DataOutputStream out, int scale, Rgb8 hr, Rgb8 lr) throws IOException {
        SubImage sub = of(scale, hr, lr);
        out.writeInt(MAGIC);
        out.writeInt(scale);
        out.writeInt(sub.height());
        out.writeInt(sub.width());
        out.write(sub.hr());
        out.write(sub.lr());
    }

    /** Reads the whole record at {@code offset}; {@code where} names it in errors. */
    public static SubImage read(FSDataInputStream in, long offset, String where) throws IOException {
        SubImageBand band = new SubImageBand(in, offset, where);
        return band.rows(0, band.height());
    }

    private static byte[] bytes(Rgb8 img) {
        int h = img.height(), w = img.width();
        byte[] out = new byte[3 * h * w];
        int i = 0;
        for (int[][] plane : img.planes()) for (int[] row : plane) for (int v : row) out[i++] = (byte) v;
        return out;
    }

    /** The HR or LR plane set as an image (tests and tools). */
    public Rgb8 image(boolean highRes) {
        int h = highRes ? height : lrHeight(), w = highRes ? width : lrWidth();
        byte[] b = highRes ? hr : lr;
        int[][][] chw = new int[3][h][w];
        int i = 0;
        for (int c = 0; c < 3; c++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) chw[c][y][x] = b[i++] & 0xff;
        return new Rgb8(chw);
    }
}
