package org.rrlfn.jobs.upscale;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Whether an existing output is complete, without decoding it: a PNG whose header gives the expected size and whose
 * last 12 bytes are the IEND chunk. Outputs are renamed into place only when complete, so a failure here means the
 * file was damaged or truncated afterwards, or comes from another run; either way it is redone. Leftover temporary
 * files of a crashed run are simply overwritten. {@link #producer} reads what made an output (its first tEXt chunk).
 */
final class OutputCheck {
    private static final byte[] SIGNATURE = {(byte) 137, 'P', 'N', 'G', '\r', '\n', 26, '\n'};
    private static final byte[] IEND = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};

    private OutputCheck() { }

    static boolean complete(FileSystem fs, Path file, int width, int height) throws IOException {
        if (!fs.exists(file)) return false;
        FileStatus st = fs.getFileStatus(file);
        if (!st.isFile() || st.getLen() < 24 + IEND.length) return false;
        byte[] head = new byte[24];
        byte[] tail = new byte[IEND.length];
        try (FSDataInputStream in = fs.open(file)) {
            in.readFully(0, head);
            in.readFully(st.getLen() - tail.length, tail);
        } catch (IOException e) {
            return false;   // e.g. a checksum error: the file changed after it was written, so it is redone
        }
        ByteBuffer h = ByteBuffer.wrap(head);
        return Arrays.equals(Arrays.copyOf(head, 8), SIGNATURE) && h.getInt(16) == width && h.getInt(20) == height
                && Arrays.equals(tail, IEND);
    }

    /** The {@link OutputProducer} text of an existing output (the tEXt chunk right after IHDR), or null. */
    static String producer(FileSystem fs, Path file) throws IOException {
        int at = SIGNATURE.length + 8 + 13 + 4;   // past the signature and the 13-byte IHDR chunk
        byte[] frame = new byte[8];
        try (FSDataInputStream in = fs.open(file)) {
            in.readFully(at, frame);
            ByteBuffer f = ByteBuffer.wrap(frame);
            int length = f.getInt(0);
            if (!new String(frame, 4, 4, StandardCharsets.US_ASCII).equals("tEXt") || length < 0 || length > 4096) return null;
            byte[] data = new byte[length];
            in.readFully(at + 8, data);
            String text = new String(data, StandardCharsets.ISO_8859_1);
            String prefix = OutputProducer.KEYWORD + "\0";
            return text.startsWith(prefix) ? text.substring(prefix.length()) : null;
        } catch (java.io.EOFException e) {
            return null;   // shorter than a header and a chunk: not an output of ours
        }
    }
}
