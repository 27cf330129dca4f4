package org.rrlfn.data.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.UserError;
import org.rrlfn.data.TestImages;
import org.rrlfn.data.image.Bicubic;
import org.rrlfn.data.image.ImageCodec;
import org.rrlfn.data.image.Rgb8;

/** {@code rrlfn downscale}: folder in, LR PNGs out, bad files reported and skipped. */
class DownscaleCommandTest {
    @Test
    void downscalesAFolderToPngs(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("hr"));
        byte[] a = TestImages.encode(TestImages.gradient(50, 38, 1), "png");
        Files.write(in.resolve("a.png"), a);
        Files.write(in.resolve("b.bmp"), TestImages.encode(TestImages.gradient(33, 21, 2), "bmp"));
        Files.writeString(in.resolve("notes.txt"), "not an image");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        DownscaleCommand.COMMAND.run(List.of("--scale", "3", in.toString(), tmp.resolve("lr").toString()), new PrintStream(log));

        Rgb8 lrA = ImageCodec.read(Files.readAllBytes(tmp.resolve("lr/a.png")));
        assertEquals(16, lrA.width());      // modcrop 50 -> 48, /3
        assertEquals(12, lrA.height());     // 38 -> 36, /3
        Rgb8 expected = Bicubic.downscale(ImageCodec.read(a), 3);
        for (int c = 0; c < 3; c++) for (int y = 0; y < 12; y++) for (int x = 0; x < 16; x++)
            assertEquals(expected.get(c, y, x), lrA.get(c, y, x));
        Rgb8 lrB = ImageCodec.read(Files.readAllBytes(tmp.resolve("lr/b.png")));
        assertEquals(11, lrB.width());
        assertEquals(7, lrB.height());
        assertFalse(Files.exists(tmp.resolve("lr/notes.png")));
        String text = log.toString();
        assertTrue(text.contains("notes.txt: not a recognised image format"), text);
        assertTrue(text.contains("downscaled 2 image(s) by 3, skipped 1"), text);
    }

    @Test
    void neverWritesOverItsInputNorOneOutputTwice(@TempDir Path tmp) throws Exception {
        byte[] hr = TestImages.encode(TestImages.gradient(40, 30, 1), "png");
        Path a = tmp.resolve("a.png");
        Files.write(a, hr);
        UserError e = assertThrows(UserError.class, () -> DownscaleCommand.COMMAND.run(
                List.of("--scale", "2", a.toString(), a.toString()), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("is the input image itself"), e.getMessage());
        assertTrue(Arrays.equals(hr, Files.readAllBytes(a)), "the HR image is intact");

        Path in = Files.createDirectories(tmp.resolve("hr"));
        Files.write(in.resolve("img.bmp"), TestImages.encode(TestImages.gradient(40, 30, 2), "bmp"));
        Files.write(in.resolve("img.png"), hr);
        Files.write(in.resolve("other.jpg"), TestImages.encode(TestImages.gradient(40, 30, 3), "jpg"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        DownscaleCommand.COMMAND.run(List.of("--scale", "2", in.toString(), in.toString()), new PrintStream(log));
        String text = log.toString();
        assertTrue(Arrays.equals(hr, Files.readAllBytes(in.resolve("img.png"))), "the input img.png is intact: " + text);
        assertTrue(text.contains("img.png is an input") || text.contains("is already the output of"), text);
        assertEquals(20, ImageCodec.read(Files.readAllBytes(in.resolve("other.png"))).width(), text);

        Files.delete(in.resolve("img.png"));
        log.reset();
        DownscaleCommand.COMMAND.run(List.of("--scale", "2", in.toString(), tmp.resolve("lr").toString()), new PrintStream(log));
        assertTrue(log.toString().contains("lr/other.png is already the output of"), log.toString());
    }
}
