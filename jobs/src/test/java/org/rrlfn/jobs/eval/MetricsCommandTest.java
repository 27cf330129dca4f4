package org.rrlfn.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.UserError;

class MetricsCommandTest {
    @TempDir Path dir;

    /**
     * Adding k to R, G and B adds k·219/255 to Y (65.481 + 128.553 + 24.966 = 219), so PSNR = 20·log10(255²/(219k)):
     * k = 2: 20·log10(65025/438) = 43.4321 dB; k = 5: 20·log10(65025/1095) = 35.4733 dB.
     */
    @Test
    void onePairPrintsPsnrAndSsimOfTheYChannel() throws Exception {
        Path hr = png(dir.resolve("hr.png"), texture(32, 24, 0)), sr = png(dir.resolve("sr.png"), texture(32, 24, 2));
        String expected = String.format(java.util.Locale.ROOT, "psnr_y=%.4f ssim_y=", 20 * Math.log10(65025.0 / 438));
        assertTrue(run("--crop-border", "2", sr, hr).startsWith(expected), run("--crop-border", "2", sr, hr));
        assertTrue(run(sr, hr).startsWith("psnr_y=43.4321 ssim_y=0.99"), run(sr, hr));
        assertEquals("psnr_y=inf ssim_y=1.000000\n", run(hr, hr));
    }

    /**
     * A gray 16×16 image v[i][j] = r[i] + c[j] on a grid of period 2 (lines between index 1|2, 3|4, …, 13|14), with
     * r = 0, 2, 8, 10, 16, … stepping 2 inside a block and 6 across a line, c = 0, 1, 4, 5, 8, … stepping 1 and 3.
     * Each of the 16 rows steps 8 × 1 inside and 7 × 3 across, each column 8 × 2 and 7 × 6: across
     * (16·21 + 16·42)/(2·16·7) = 1008/224 = 4.5, inside (16·8 + 16·16)/(2·16·8) = 384/256 = 1.5, blockiness 3.0
     * (Y = 16 + 219v/255 scales both alike). Cropping 2 keeps 6 steps inside and 5 across per line: 3.0 again.
     */
    @Test
    void blockinessIsPrintedForTheScalesGrid() throws Exception {
        BufferedImage gray = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < 16; x++) gray.getRaster().setSample(x, y, 0, 8 * (y / 2) + 2 * (y % 2) + 4 * (x / 2) + x % 2);
        Path img = png(dir.resolve("grid.png"), gray);
        assertEquals("psnr_y=inf ssim_y=1.000000 blockiness_y=3.0000\n", run("--scale", "2", img, img));
        assertTrue(run("--crop-border", "2", img, hrOf(img)).endsWith(" blockiness_y=3.0000\n"), "scale = crop border");
        assertEquals("psnr_y=inf ssim_y=1.000000\n", run(img, img), "no scale, no crop: no blockiness");
    }

    private Path hrOf(Path img) throws Exception {
        Path copy = dir.resolve("grid-hr.png");
        Files.copy(img, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    @Test
    void foldersAreMatchedByStemAndAveraged() throws Exception {
        Path srDir = Files.createDirectories(dir.resolve("sr")), hrDir = Files.createDirectories(dir.resolve("hr"));
        png(hrDir.resolve("baby.png"), texture(20, 18, 0));
        png(srDir.resolve("baby.png"), texture(20, 18, 2));
        png(hrDir.resolve("bird.png"), texture(22, 16, 0));
        png(srDir.resolve("bird.bmp"), texture(22, 16, 5));
        Files.writeString(srDir.resolve("notes.txt"), "not an image");
        List<String> lines = run("--crop-border", "1", srDir, hrDir).lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("baby psnr_y=43.4321 "), lines.get(0));
        assertTrue(lines.get(1).startsWith("bird psnr_y=35.4733 "), lines.get(1));
        // (43.432125 + 35.473325)/2 = 39.452725
        assertTrue(lines.get(2).startsWith("mean psnr_y=39.4527 ") && lines.get(2).endsWith(" images=2"), lines.get(2));
    }

    @Test
    void upscalesOutputNamesPairWithTheirHrImages() throws Exception {
        Path srDir = Files.createDirectories(dir.resolve("up")), hrDir = Files.createDirectories(dir.resolve("hr2"));
        png(hrDir.resolve("baby.png"), texture(20, 18, 0));
        png(srDir.resolve("baby_x4.png"), texture(20, 18, 2));
        png(hrDir.resolve("x_x2.png"), texture(22, 16, 0));     // an HR name that looks like an output keeps its own
        png(srDir.resolve("x_x2.png"), texture(22, 16, 0));
        List<String> lines = run("--crop-border", "1", srDir, hrDir).lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("baby psnr_y=43.4321 "), lines.get(0));
        assertTrue(lines.get(1).startsWith("x_x2 psnr_y=inf "), lines.get(1));
    }

    @Test
    void grayImagesScoreLikeTheirRgbEquivalent() throws Exception {
        BufferedImage gray = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage rgb = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                int v = (x * 13 + y * 7) % 256;
                gray.getRaster().setSample(x, y, 0, v);
                rgb.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        assertEquals("psnr_y=inf ssim_y=1.000000\n", run(png(dir.resolve("g.png"), gray), png(dir.resolve("c.png"), rgb)));
    }

    @Test
    void mistakesNameTheFilesAndTheReason() throws Exception {
        Path a = png(dir.resolve("a.png"), texture(20, 20, 0)), b = png(dir.resolve("b.png"), texture(24, 20, 0));
        assertTrue(fails(a, b).contains("a.png is 20x20 but HR") && fails(a, b).contains("24x20"), fails(a, b));
        Path junk = Files.writeString(dir.resolve("junk.png"), "no png");
        assertTrue(fails(junk, a).contains("junk.png: not a recognised image format"), fails(junk, a));
        assertTrue(fails(dir.resolve("missing.png"), a).contains("missing.png does not exist"));
        assertTrue(fails(a).contains("expected two paths"));
        assertTrue(fails("--crop-border", "10", a, a).contains("crop border 10"));

        Path srDir = Files.createDirectories(dir.resolve("s")), hrDir = Files.createDirectories(dir.resolve("h"));
        png(srDir.resolve("x.png"), texture(16, 16, 0));
        png(hrDir.resolve("y.png"), texture(16, 16, 0));
        String m = fails(srDir, hrDir);
        assertTrue(m.contains("only in SR [x]") && m.contains("only in HR [y]"), m);
    }

    /** A uint8 texture in [10, 240] plus a constant shift, so shifts up to 15 never clip. */
    private static BufferedImage texture(int w, int h, int shift) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = 10 + (x * 17 + y * 5) % 231, g = 10 + (x * y + 3 * x) % 231, b = 10 + (y * 29 + x) % 231;
                img.setRGB(x, y, (r + shift) << 16 | (g + shift) << 8 | (b + shift));
            }
        }
        return img;
    }

    private static Path png(Path file, BufferedImage img) throws Exception {
        String format = file.toString().endsWith(".bmp") ? "bmp" : "png";
        assertTrue(ImageIO.write(img, format, file.toFile()));
        return file;
    }

    private static String run(Object... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MetricsCommand.COMMAND.run(java.util.Arrays.stream(args).map(String::valueOf).toList(), new PrintStream(bytes, true));
        return bytes.toString();
    }

    private static String fails(Object... args) {
        return assertThrows(UserError.class, () -> run(args)).getMessage();
    }
}
