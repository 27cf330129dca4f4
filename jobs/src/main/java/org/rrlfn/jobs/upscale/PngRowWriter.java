package org.rrlfn.jobs.upscale;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.rrlfn.jobs.inference.RowSink;

/**
 * A streaming 8-bit RGB PNG encoder: rows go out as they are produced, so a 16000×12000 output never exists as a
 * raster (ImageIO's PNG writer needs the whole image). Every row uses the Paeth filter, which suits photographs;
 * IDAT chunks are cut at {@value #CHUNK} bytes. The file is valid only after {@link #close()} writes IEND.
 */
public final class PngRowWriter implements RowSink, AutoCloseable {
    private static final byte[] SIGNATURE = {(byte) 137, 'P', 'N', 'G', '\r', '\n', 26, '\n'};
    private static final int CHUNK = 1 << 16;
    private static final int PAETH = 4;

    private final DataOutputStream out;
    private final int width;
    private final int height;
    private final DeflaterOutputStream idat;
    private final Deflater deflater = new Deflater(6);
    private byte[] previous;
    private byte[] filtered;
    private int rows;

    public PngRowWriter(OutputStream out, int width, int height) throws IOException {
        this(out, width, height, java.util.Map.of());
    }

    /** @param text tEXt chunks (Latin-1 keyword → text) written right after the header, where a reader finds them first */
    public PngRowWriter(OutputStream out, int width, int height, java.util.Map<String, String> text) throws IOException {
        this.out = new DataOutputStream(out);
        this.width = width;
        this.height = height;
        previous = new byte[3 * width];
        filtered = new byte[3 * width + 1];
        this.out.write(SIGNATURE);
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[]{8, 2, 0, 0, 0});   // bit depth 8, colour type RGB, deflate, adaptive filters, no interlace
        chunk("IHDR", ihdr.toByteArray(), ihdr.size());
        for (var t : new java.util.TreeMap<>(text).entrySet()) {
            byte[] data = (t.getKey() + "\0" + t.getValue()).getBytes(StandardCharsets.ISO_8859_1);
            chunk("tEXt", data, data.length);
        }
        idat = new DeflaterOutputStream(new ChunkStream(), deflater, CHUNK);
    }

    /** One row, interleaved R, G, B bytes ({@code 3·width} of them), top to bottom. */
    @Override
    public void write(byte[] rgb) throws IOException {
        if (rgb.length != 3 * width) throw new IllegalArgumentException("row of " + rgb.length + " bytes, expected " + 3 * width);
        if (rows == height) throw new IllegalStateException("all " + height + " rows already written");
        filtered[0] = PAETH;
        for (int i = 0; i < rgb.length; i++) {
            int a = i >= 3 ? rgb[i - 3] & 0xff : 0;
            int b = previous[i] & 0xff;
            int c = i >= 3 ? previous[i - 3] & 0xff : 0;
            filtered[i + 1] = (byte) (rgb[i] - paeth(a, b, c));
        }
        idat.write(filtered);
        System.arraycopy(rgb, 0, previous, 0, rgb.length);
        rows++;
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /** Ends the image; refuses to write IEND for an incomplete one, so a partial file never looks complete. */
    @Override
    public void close() throws IOException {
        try {
            if (rows != height) throw new IllegalStateException("PNG closed after " + rows + " of " + height + " rows");
            idat.finish();
            chunk("IEND", new byte[0], 0);
            out.flush();
        } finally {
            deflater.end();
            out.close();
        }
    }

    private void chunk(String type, byte[] data, int length) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data, 0, length);
        out.writeInt(length);
        out.write(t);
        out.write(data, 0, length);
        out.writeInt((int) crc.getValue());
    }

    /** Deflated bytes, framed as IDAT chunks. */
    private final class ChunkStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int done = 0; done < len; ) {
                int n = Math.min(CHUNK, len - done);
                byte[] part = java.util.Arrays.copyOfRange(b, off + done, off + done + n);
                chunk("IDAT", part, n);
                done += n;
            }
        }
    }
}
