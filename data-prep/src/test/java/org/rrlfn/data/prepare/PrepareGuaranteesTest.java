package org.rrlfn.data.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.files.FileOptions;
import org.rrlfn.data.PreparedLayout;
import org.rrlfn.data.TestImages;

/** What prepare promises about folders it did not make, its own leftovers, odd names and huge held-out images. */
class PrepareGuaranteesTest {
    private static JavaSparkContext sc;
    @TempDir File dir;

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("prepare-guarantees")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
    }

    @AfterAll
    static void stop() {
        if (sc != null) sc.stop();
    }

    private static PrepareSettings settings(File in, File out, String... more) {
        List<String> args = new ArrayList<>(List.of("prepare.input=" + in.toURI(), "prepare.output=" + out.toURI(),
                "prepare.scales=[2]", "prepare.validation-images=1", "prepare.test-images=0",
                "prepare.sub-image-size=96", "prepare.sub-image-step=48"));
        args.addAll(Arrays.asList(more));
        return PrepareSettings.from(Settings.load(args, java.util.Map.of()).config());
    }

    private void photo(File in, String name, int side, long seed) throws IOException {
        Files.createDirectories(in.toPath());
        Files.write(new File(in, name).toPath(), TestImages.encode(TestImages.gradient(side, side, seed), "png"));
    }

    /** Visible names in a folder (Hadoop's local file system adds hidden .crc files). */
    private static Set<String> list(File folder) {
        String[] names = folder.list();
        Set<String> out = new TreeSet<>();
        if (names != null) for (String n : names) if (!n.startsWith(".")) out.add(n);
        return out;
    }

    @Test
    void aFolderItDidNotMakeIsRefusedAndNothingInItIsDeleted() throws IOException {
        File in = new File(dir, "photos"), out = new File(dir, "out");
        for (int i = 0; i < 3; i++) photo(in, "p" + i + ".png", 300, i);
        Files.createDirectories(new File(out, "x2").toPath());
        Files.writeString(new File(out, "x2/notes.txt").toPath(), "keep me");

        UserError refused = assertThrows(UserError.class, () -> PrepareJob.run(sc, settings(in, out)));
        assertTrue(refused.getMessage().contains("not empty"), refused.getMessage());
        UserError adopted = assertThrows(UserError.class, () -> PrepareJob.run(sc, settings(in, out),
                new FileOptions(true, true, FileOptions.DEFAULT.lockStale())));
        assertTrue(adopted.getMessage().contains("held x2"), adopted.getMessage());
        assertEquals("keep me", Files.readString(new File(out, "x2/notes.txt").toPath()));
        assertEquals(Set.of("notes.txt"), list(new File(out, "x2")));
    }

    @Test
    void overwriteRemovesOnlyWhatPrepareWroteAndEveryScaleOfTheOldSet() throws IOException {
        File in = new File(dir, "photos"), out = new File(dir, "out");
        for (int i = 0; i < 3; i++) photo(in, "p" + i + ".png", 300, i);
        PrepareJob.run(sc, settings(in, out, "prepare.scales=[2, 4]"));
        File mine = new File(out, "x2/train/notes.txt");
        Files.writeString(mine.toPath(), "keep me");

        UserError e = assertThrows(UserError.class, () -> PrepareJob.run(sc, settings(in, out, "prepare.overwrite=true")));
        assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
        assertEquals("keep me", Files.readString(mine.toPath()));
        assertTrue(new File(out, PreparedLayout.MANIFEST).isFile(), "the old set still stands");

        Files.delete(mine.toPath());
        PrepareJob.run(sc, settings(in, out, "prepare.overwrite=true"));
        assertEquals(Set.of("manifest.json", "x2"), list(out), "the old x4 went with the old set");
    }

    @Test
    void aUsersManifestDoesNotMakeTheFolderPreparesEvenWhenAdopted() throws IOException {
        File in = new File(dir, "photos"), out = new File(dir, "out");
        for (int i = 0; i < 3; i++) photo(in, "p" + i + ".png", 300, i);
        Files.createDirectories(out.toPath());
        Files.writeString(new File(out, "manifest.json").toPath(), "{\"mine\": true}");
        FileOptions adopt = new FileOptions(true, true, FileOptions.DEFAULT.lockStale());
        assertThrows(UserError.class, () -> PrepareJob.run(sc, settings(in, out)));
        assertThrows(UserError.class, () -> PrepareJob.run(sc, settings(in, out), adopt));
        assertThrows(UserError.class, () -> PrepareJob.run(sc, settings(in, out, "prepare.overwrite=true"), adopt));
        assertEquals("{\"mine\": true}", Files.readString(new File(out, "manifest.json").toPath()));
    }

    @Test
    void theInputFolderIsNeverTheOutputNorMarked() throws IOException {
        File in = new File(dir, "photos");
        for (int i = 0; i < 3; i++) photo(in, "p" + i + ".png", 300, i);
        UserError e = assertThrows(UserError.class, () -> PrepareJob.run(sc, settings(in, in),
                new FileOptions(true, true, FileOptions.DEFAULT.lockStale())));
        assertTrue(e.getMessage().contains("is the input folder"), e.getMessage());
        assertEquals(Set.of("p0.png", "p1.png", "p2.png"), list(in));
        assertFalse(new File(in, org.rrlfn.common.files.OutputFolder.MARKER).exists(), "the photos stay input");
    }

    @Test
    void anOutputInsideTheInputIsNotReadBackAndAKilledRunsTemporaryFolderIsRemoved() throws IOException {
        File in = new File(dir, "photos"), out = new File(in, "prepared");
        for (int i = 0; i < 3; i++) photo(in, "p" + i + ".png", 300, i);
        PrepareResult first = PrepareJob.run(sc, settings(in, out));
        assertEquals(2, first.trainingImages());
        File stale = new File(out, ".prepare-0b7e6a52-5f1c-4a86-9d0e-1a2b3c4d5e6f");
        Files.createDirectories(new File(stale, "x2/train").toPath());

        PrepareResult second = PrepareJob.run(sc, settings(in, out, "prepare.overwrite=true"));
        assertEquals(2, second.trainingImages(), "the prepared PNGs under " + out + " are not inputs");
        assertEquals(3, second.imagesFound());
        assertFalse(stale.exists(), "the killed run's temporary folder is removed");
    }

    @Test
    void aHeldOutImageAboveThePixelLimitTrainsInBandsAndTheNextIsHeldOut() throws IOException {
        File in = new File(dir, "photos"), out = new File(dir, "out");
        photo(in, "a-huge.png", 600, 1);
        photo(in, "b.png", 300, 2);
        photo(in, "c.png", 300, 3);
        PrepareResult r = PrepareJob.run(sc, settings(in, out, "prepare.max-image-pixels=300000"));
        assertEquals(1, r.validationImages().size());
        assertEquals(List.of("b"), r.validationImages());
        assertEquals(2, r.trainingImages());
        assertEquals(Set.of("b.png"), list(new File(out, "x2/val/HR")));
    }

    @Test
    void aPixelLimitThatLeavesNothingToHoldOutStopsNamingTheKeyAndTheImages() throws IOException {
        File in = new File(dir, "photos"), out = new File(dir, "out");
        photo(in, "a.png", 600, 1);
        photo(in, "b.png", 600, 2);
        photo(in, "c.png", 300, 3);
        UserError e = assertThrows(UserError.class, () -> PrepareJob.run(sc, settings(in, out,
                "prepare.max-image-pixels=300000", "prepare.validation-images=1", "prepare.test-images=1")));
        assertFalse(e instanceof PrepareFailed, "a setting to change, exit 2: " + e.getMessage());
        assertTrue(e.getMessage().contains("prepare.max-image-pixels = 300000"), e.getMessage());
        assertTrue(e.getMessage().contains("a.png (600x600)") && e.getMessage().contains("b.png (600x600)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("prepare.test-images"), e.getMessage());
        assertFalse(new File(out, "manifest.json").exists());
    }

    @Test
    void aDecompressionBombIsRejectedFromItsHeaderInOneLine() throws IOException {
        File in = new File(dir, "photos"), out = new File(dir, "out");
        for (int i = 0; i < 3; i++) photo(in, "p" + i + ".png", 300, i);
        Files.write(new File(in, "z-bomb.png").toPath(), png(60000, 60000, 1));
        PrepareResult r = PrepareJob.run(sc, settings(in, out));
        assertEquals(2, r.trainingImages());
        assertEquals(1, r.rejected().size(), "one line, not one per band: " + r.rejected().size());
        String reason = r.rejected().get(0).reason();
        assertTrue(r.rejected().get(0).file().endsWith("z-bomb.png"), r.rejected().toString());
        assertTrue(reason.contains("60000x60000") && reason.contains("prepare.max-declared-pixels"), reason);
    }

    /**
     * The PNG of issue 36: 2.6 MB that declare 30000 x 30000 px (900 MP), every row present and zero. The old default
     * limit (10^9 px) let it through: prepare cut it band by band for minutes and gigabytes. Under today's defaults its
     * header alone rejects it, naming the figure and the key, and nothing of it is cut.
     */
    @Test
    void aPngDeclaring30000x30000IsRejectedFromItsHeaderUnderTheDefaults() throws IOException {
        File in = new File(dir, "photos"), out = new File(dir, "out");
        for (int i = 0; i < 3; i++) photo(in, "p" + i + ".png", 300, i);
        File huge = new File(in, "z-huge.png");
        Files.write(huge.toPath(), png(30000, 30000, 30000));
        assertTrue(huge.length() < 4_000_000, "a few MB: " + huge.length());
        PrepareResult r = PrepareJob.run(sc, settings(in, out));
        assertEquals(2, r.trainingImages(), r.rejected().toString());
        assertEquals(1, r.rejected().size(), r.rejected().toString());
        assertTrue(r.rejected().get(0).file().endsWith("z-huge.png"), r.rejected().toString());
        String reason = r.rejected().get(0).reason();
        assertTrue(reason.contains("30000x30000") && reason.contains("rrlfn.prepare.max-declared-pixels"), reason);
        assertFalse(Files.readString(new File(out, "x2/train/index.tsv").toPath()).contains("z-huge"),
                "no sub-image of it");
    }

    /**
     * Before anything is written, the plan (sub-images and bytes per scale) is set against the free space of the output's
     * file system: a set no disk holds (an image declaring 200000 x 200000 px with the limit raised plans petabytes)
     * stops in one line naming the image, the figures and the keys, and no output folder is made.
     */
    @Test
    void aPlanLargerThanTheFreeSpaceStopsBeforeTheOutputFolderIsMade() throws IOException {
        File in = new File(dir, "photos"), out = new File(dir, "out");
        for (int i = 0; i < 3; i++) photo(in, "p" + i + ".png", 300, i);
        Files.write(new File(in, "z-huge.png").toPath(), png(200000, 200000, 1));
        UserError e = assertThrows(UserError.class, () -> PrepareJob.run(sc,
                settings(in, out, "prepare.max-declared-pixels=100000000000")));
        assertFalse(e instanceof PrepareFailed, "a setting to change or space to free, exit 2: " + e.getMessage());
        String m = e.getMessage();
        assertTrue(m.contains("z-huge.png") && m.contains("200000x200000") && m.contains("free")
                && m.contains("rrlfn.prepare.max-declared-pixels") && !m.contains("\n"), m);
        assertFalse(out.exists(), "no output folder");
    }

    /** The plan prepare prints and checks is what it writes: each scale's sub-images and shard bytes, to the byte. */
    @Test
    void thePlanIsWhatPrepareWrites() throws IOException {
        File in = new File(dir, "photos"), out = new File(dir, "out");
        photo(in, "a.png", 300, 1);
        photo(in, "b.png", 250, 2);
        Files.write(new File(in, "c.png").toPath(), TestImages.encode(TestImages.gradient(700, 500, 3), "png"));
        PrepareSettings s = settings(in, out, "prepare.scales=[2, 4]", "prepare.max-image-pixels=150000");
        PrepareResult r = PrepareJob.run(sc, s);
        PreparePlan plan = PreparePlan.of(s, List.of(new Planner.Usable("b", "b", 250, 250),
                new Planner.Usable("c", "c", 700, 500)), List.of(new Planner.Usable("a", "a", 300, 300)));
        assertEquals(r.subImages().get(2), plan.subImages().get(2), "c is cut in bands: " + r.subImages());
        for (int scale : List.of(2, 4)) {
            long written = 0;
            for (File shard : new File(out, "x" + scale + "/train").listFiles((d, n) -> n.endsWith(".sub")))
                written += shard.length();
            assertEquals(written, plan.bytes().get(scale), "x" + scale);
            assertEquals(r.subImages().get(scale), plan.subImages().get(scale), "x" + scale);
        }
    }

    /** An output name the file system refuses (300 characters) is a setting to change: one line, exit 2. */
    @Test
    void anOutputNameTheFileSystemRefusesIsOneLineNamingTheKey() throws IOException {
        File in = new File(dir, "photos"), out = new File(dir, "x".repeat(300));
        for (int i = 0; i < 3; i++) photo(in, "p" + i + ".png", 300, i);
        UserError e = assertThrows(UserError.class, () -> PrepareJob.run(sc, settings(in, out)));
        assertFalse(e instanceof PrepareFailed, "exit 2, not 1: " + e.getMessage());
        assertTrue(e.getMessage().contains("rrlfn.prepare.output") && e.getMessage().contains("cannot be written")
                && !e.getMessage().contains("\n"), e.getMessage());
    }

    /**
     * A PNG that declares {@code width}x{@code height} RGB pixels and holds {@code rows} deflated all-zero rows: with one
     * row, a bomb's header; with every row, a valid image.
     */
    private static byte[] png(int width, int height, int rows) throws IOException {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(png, "IHDR", ihdr.array());
        java.io.ByteArrayOutputStream idat = new java.io.ByteArrayOutputStream();
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_COMPRESSION);
        try (java.util.zip.DeflaterOutputStream z = new java.util.zip.DeflaterOutputStream(idat, deflater, 1 << 16)) {
            byte[] row = new byte[1 + 3 * width];     // filter byte 0, then zeros
            for (int y = 0; y < rows; y++) z.write(row);
        } finally {
            deflater.end();
        }
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(java.io.ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        crc.update(data);
        png.write(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        png.write(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        png.write(data);
        png.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    @Test
    void namesWithColonsPercentHashSpacesAndUnicodeAreReadAndWrittenAndControlCharactersRefused() throws IOException {
        File in = new File(dir, "photos"), out = new File(dir, "out");
        String[] names = {"#1.png", "50%.png", "a\nb.png", "a:b.png", "tab\there.png", "with space.png",
                "\u00fcn\u00ef.png"};
        for (int i = 0; i < names.length; i++) photo(in, names[i], 300, i);
        photo(in, "..\\x.png", 300, 9);
        PrepareResult r = PrepareJob.run(sc, settings(in, out, "prepare.validation-images=3"));
        assertEquals(2, r.trainingImages(), r.rejected().toString());
        assertEquals(Set.of("#1.png", "50%.png", "a_b.png"), list(new File(out, "x2/val/HR")),
                "the newline name, third in order, is not held out");
        assertEquals(Set.of("#1.png", "50%.png", "a_b.png"), list(new File(out, "x2/val/LR")));
        assertEquals(3, r.rejected().size(), r.rejected().toString());
        assertEquals(1, r.rejected().stream().filter(x -> x.reason().startsWith("hidden name")
                && (x.file().endsWith("..%5Cx.png") || x.file().endsWith("..\\x.png"))).count(), r.rejected().toString());
        assertEquals(2, r.rejected().stream().filter(x -> x.reason().contains("control characters")).count(),
                r.rejected().toString());
        String index = Files.readString(new File(out, "x2/train/index.tsv").toPath());
        assertFalse(index.contains("tab"), "no name with a tab in the index");
    }
}
