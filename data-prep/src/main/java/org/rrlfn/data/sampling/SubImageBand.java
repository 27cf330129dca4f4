package org.rrlfn.data.sampling;

import java.io.DataInputStream;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * A sub-image record whose header has been read but whose pixels are read on demand, a band of rows at a time: a
 * crop of p rows out of a sub-image of H rows reads p/H of its bytes (6 seeks), not the whole record. An in-memory
 * {@link SubImage} serves the same calls (tests, tools).
 */
final class SubImageBand {
    private static final int HEADER_BYTES = 16;

    private final FSDataInputStream in;
    private final long offset;
    private final String where;
    private final SubImage whole;
    private final int scale, height, width;

    /** Reads the header of the record at {@code offset}; {@code where} names it in errors. */
    SubImageBand(FSDataInputStream in, long offset, String where) throws IOException {
        this.in = in;
        this.offset = offset;
        this.where = where;
        this.whole = null;
        in.seek(offset);
        DataInputStream d = new DataInputStream(in);
        int magic = d.readInt();
        if (magic != SubImage.MAGIC)
            throw new IOException(where + ": not a sub-image record (magic " + Integer.toHexString(magic)
                    + "); the index and the shard disagree: re-run `rrlfn prepare`");
        scale = d.readInt();
        height = d.readInt();
        width = d.readInt();
    }

    SubImageBand(SubImage sub) {
        this.in = null;
        this.offset = -1;
        this.where = "in-memory sub-image";
        this.whole = sub;
        this.scale = sub.scale();
        this.height = sub.height();
        this.width = sub.width();
    }

    int scale() { return scale; }

    int height() { return height; }

    int width() { return width; }

    String where() { return where; }

    /** HR rows y .. y+rows−1 and the LR rows under them, as a sub-image of that height and the full width. */
    SubImage rows(int y, int rows) throws IOException {
        int lw = width / scale, lh = height / scale, ly = y / scale, lrows = rows / scale;
        byte[] hr = new byte[3 * rows * width];
        byte[] lr = new byte[3 * lrows * lw];
        for (int c = 0; c < 3; c++) {
            copy((long) c * height * width + (long) y * width, hr, c * rows * width, rows * width);
            copy(3L * height * width + (long) c * lh * lw + (long) ly * lw, lr, c * lrows * lw, lrows * lw);
        }
        return new SubImage(scale, rows, width, hr, lr);
    }

    /** {@code length} bytes from the record's pixel byte {@code at} (HR planes, then LR planes) into dst. */
    private void copy(long at, byte[] dst, int dstOffset, int length) throws IOException {
        if (whole == null) {
            in.readFully(offset + HEADER_BYTES + at, dst, dstOffset, length);
        } else {
            long hrBytes = 3L * height * width;
            if (at < hrBytes) System.arraycopy(whole.hr(), (int) at, dst, dstOffset, length);
            else System.arraycopy(whole.lr(), (int) (at - hrBytes), dst, dstOffset, length);
        }
    }
}
