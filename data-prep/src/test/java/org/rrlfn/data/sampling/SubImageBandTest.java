package org.rrlfn.data.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.data.image.Rgb8;

/** Rows of a sub-image read straight from its shard record equal the same rows of the whole record. */
class SubImageBandTest {
    @TempDir File dir;

    private static Rgb8 noise(int w, int h, Random rnd) {
        Rgb8 img = Rgb8.blank(w, h);
        for (int c = 0; c < 3; c++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.set(c, y, x, rnd.nextInt(256));
        return img;
    }

    @Test
    void rowsFromTheShardEqualRowsOfTheWholeRecord() throws IOException {
        Random rnd = new Random(4);
        Rgb8 hr = noise(12, 8, rnd), lr = noise(6, 4, rnd);
        File shard = new File(dir, "part-00000.sub");
        long offset;
        try (DataOutputStream out = new DataOutputStream(new FileOutputStream(shard))) {
            SubImage.write(out, 2, noise(4, 4, rnd), noise(2, 2, rnd));
            offset = out.size();
            SubImage.write(out, 2, hr, lr);
        }
        FileSystem fs = FileSystem.getLocal(new Configuration());
        try (FSDataInputStream in = fs.open(new Path(shard.toURI()))) {
            SubImageBand band = new SubImageBand(in, offset, "part-00000.sub@" + offset);
            assertEquals(2, band.scale());
            assertEquals(8, band.height());
            assertEquals(12, band.width());
            SubImageBand memory = new SubImageBand(SubImage.of(2, hr, lr));
            SubImage fromShard = band.rows(2, 4), fromMemory = memory.rows(2, 4);
            assertArrayEquals(fromMemory.hr(), fromShard.hr());
            assertArrayEquals(fromMemory.lr(), fromShard.lr());
            assertEquals(4, fromShard.height());
            assertEquals(hr.get(1, 3, 5) & 0xff, fromShard.hr()[1 * 4 * 12 + 1 * 12 + 5] & 0xff, "HR row 3 = band row 1");

            IOException e = assertThrows(IOException.class, () -> new SubImageBand(in, offset + 1, "here"));
            assertTrue(e.getMessage().contains("not a sub-image record"), e.getMessage());
        }
    }
}
