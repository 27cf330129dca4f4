package org.rrlfn.jobs.upscale;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Whether an existing output is complete, without decoding it: a PNG whose header gives the expected size and whose
 * last 12 bytes are the IEND chunk. Outputs are renamed into place only when complete, so a failure here means the
 * file was damaged or truncated afterwards, or comes from another run; either way it is redone. Leftover temporary
 * files of a crashed run are simply overwritten.
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
}
