package org.rrlfn.data.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rrlfn.data.TestImages;
import org.rrlfn.data.sampling.SubImage;
import org.rrlfn.data.PreparedLayout;
import org.rrlfn.data.sampling.SubImageIndex;
import org.rrlfn.data.sampling.SubImageRef;
import org.rrlfn.model.image.MatlabImresize;

/**
 * The prepare job end to end on a real (in-process) HDFS and a real local[2] Spark: hdfs:// in, hdfs:// out, then
 * the sub-image shards are read back through their index and every pair is traced to its source image and position.
 */
class HdfsPrepareTest {
    private static final PreparedLayout OUT = PreparedLayout.at("/out");
    private static final int P = 32;       // sub-image side
    private static final int STEP = 24;
    /** Per image (100x76 after the x4 alignment): rows 0, 24, 44 (flush) x columns 0, 24, 48, 68 (flush). */
    private static final int PER_IMAGE = 12;
    private static final int W = 102;   // not a multiple of 4: the x4 modcrop drops 2 columns and 2 rows
    private static final int H = 78;

    private static MiniDFSCluster cluster;
    private static FileSystem fs;
    private static String root;
    private static JavaSparkContext sc;
    private static final Map<String, BufferedImage> GOOD = new TreeMap<>();

    @BeforeAll
    static void start() throws IOException {
        File base = Files.createTempDirectory("minidfs").toFile();
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.getAbsolutePath());
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        fs = cluster.getFileSystem();
        root = "hdfs://localhost:" + cluster.getNameNodePort();
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("prepare-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
        writeCorpus();
    }

    @AfterAll
    static void stop() throws IOException {
        if (sc != null) sc.stop();
        if (cluster != null) cluster.shutdown(true);
    }

    /** Four good images (the first, in sorted order, is held out for validation) and one of each kind of bad input. */
    private static void writeCorpus() throws IOException {
        for (int i = 0; i < 4; i++) GOOD.put(String.format("good%d", i), TestImages.gradient(W, H, 100 + i));
        put("in/good0.png", TestImages.encode(GOOD.get("good0"), "png"));
        put("in/good1.bmp", TestImages.encode(GOOD.get("good1"), "bmp"));
        put("in/good2.png", TestImages.encode(GOOD.get("good2"), "png"));
        put("in/sub/good3.tif", TestImages.encode(GOOD.get("good3"), "tiff"));
        for (Map.Entry<String, byte[]> bad : badCorpus().entrySet()) put("in/" + bad.getKey(), bad.getValue());
        put("in/_sources.tsv", "image\tlicence\ngood1\tCC0-1.0\ngood2\tGPL-2+\n".getBytes());
    }

    /**
     * Every kind of bad input the job must survive. Permission-denied is not among them: this test's user is the
     * mini cluster's superuser, whom HDFS never denies (and root is never denied on a local file system).
     */
    static Map<String, byte[]> badCorpus() throws IOException {
        Map<String, byte[]> bad = new TreeMap<>();
        byte[] png = TestImages.encode(TestImages.gradient(64, 64, 7), "png");
        byte[] jpg = TestImages.encode(TestImages.gradient(200, 160, 8), "jpg");
        bad.put("bad-empty.png", new byte[0]);
        bad.put("bad-truncated.png", Arrays.copyOf(png, png.length / 2));
        bad.put("bad-truncated.jpg", Arrays.copyOf(jpg, jpg.length / 2));
        bad.put("bad-text.png", "this is not an image\n".getBytes());
        bad.put("bad-small.png", TestImages.encode(TestImages.gradient(20, 40, 9), "png"));
        bad.put("bad-lowres.png", TestImages.encode(TestImages.gradient(120, 56, 10), "png"));   // 56/4 = 14 < 15
        return bad;
    }

    /** Expected reason fragments per bad file. */
    static Map<String, String> expectedReasons() {
        Map<String, String> m = new TreeMap<>();
        m.put("bad-empty.png", "empty file (0 bytes)");
        m.put("bad-truncated.png", "cannot decode");
        m.put("bad-truncated.jpg", "damaged image data");
        m.put("bad-text.png", "not a recognised image format");
        m.put("bad-small.png", "LR side of 5 px at x4 (minimum 15)");
        m.put("bad-lowres.png", "LR side of 14 px at x4 (minimum 15)");
        return m;
    }

    private static void put(String name, byte[] bytes) throws IOException {
        try (OutputStream out = fs.create(new Path("/" + name))) {
            out.write(bytes);
        }
    }

    private static PrepareSettings settings(String input, String output) {
        return new PrepareSettings(input, output, false, List.of(2, 4), P, STEP, 0.0, 1, 0, 3, 16_000_000L, 1_000_000_000L, 1);
    }

    @Test
    void preparesAlignedSubImagesFromHdfsAndListsEveryBadInput() throws Exception {
        String out = root + "/out";
        PrepareResult result = PrepareJob.run(sc, settings(root + "/in", out));

        // Manifest: present, counts, and exactly one rejection per bad file with its reason.
        Map<?, ?> manifest;
        try (InputStream in = fs.open(new Path("/out/manifest.json"))) {
            manifest = new ObjectMapper().readValue(in, Map.class);
        }
        assertEquals(List.of(2, 4), manifest.get("scales"));
        assertEquals("rrlfn-prepare/2", manifest.get("format"));
        assertEquals(P, manifest.get("sub-image-size"));
        assertEquals(Map.of("x2", 3 * PER_IMAGE, "x4", 3 * PER_IMAGE), manifest.get("sub-images"));   // 3 training images
        Map<?, ?> images = (Map<?, ?>) manifest.get("images");
        assertEquals(10, images.get("found"));
        assertEquals(4, images.get("usable"));
        assertEquals(3, images.get("training"));
        assertEquals(List.of("good0"), manifest.get("validation"));
        List<?> rejected = (List<?>) manifest.get("rejected");
        Map<String, String> reasons = new TreeMap<>();
        for (Object o : rejected) {
            Map<?, ?> r = (Map<?, ?>) o;
            String file = (String) r.get("file");
            assertTrue(file.startsWith("hdfs://"), file);
            assertEquals(null, reasons.put(file.substring(file.lastIndexOf('/') + 1), (String) r.get("reason")));
        }
        assertEquals(expectedReasons().keySet(), reasons.keySet());
        expectedReasons().forEach((f, why) -> assertTrue(reasons.get(f).contains(why), f + ": " + reasons.get(f)));
        assertEquals(6, result.rejected().size());
        assertTrue(((Map<?, ?>) manifest.get("config")).containsKey("sub-image-step"));
        assertEquals(List.of(Map.of("image", "good1", "licence", "CC0-1.0"), Map.of("image", "good2", "licence", "GPL-2+")),
                manifest.get("sources"), "the input folder's _sources.tsv, not an input image");

        // Validation image written whole: HR modcropped per scale, LR by MATLAB bicubic.
        for (int s : new int[] {2, 4}) {
            BufferedImage hr = readPng(OUT.hrImage(s, PreparedLayout.HeldOut.VALIDATION, "good0"));
            BufferedImage lr = readPng(OUT.lrImage(s, PreparedLayout.HeldOut.VALIDATION, "good0"));
            assertEquals(W - W % s, hr.getWidth());
            assertEquals(H - H % s, hr.getHeight());
            assertEquals((W - W % s) / s, lr.getWidth());
            assertEquals((H - H % s) / s, lr.getHeight());
        }
        assertFalse(fs.exists(new Path("/out/x2/train/.tmp")));
        for (FileStatus f : fs.listStatus(new Path("/out"))) assertFalse(f.getPath().getName().startsWith(".prepare-"));

        for (int s : new int[] {2, 4}) {
            List<Map.Entry<SubImageRef, SubImage>> subs = readSubImages(OUT, s);
            assertEquals(3 * PER_IMAGE, subs.size());
            Set<String> places = new HashSet<>();
            for (Map.Entry<SubImageRef, SubImage> e : subs) places.add(checkSubImage(e.getKey().image(), e.getValue(), s));
            assertEquals(3 * PER_IMAGE, places.size(), "every grid position of every training image exactly once");
        }
    }

    @Test
    void failsClearlyWhenNothingIsUsableAndLeavesNoManifest() throws IOException {
        for (Map.Entry<String, byte[]> bad : badCorpus().entrySet()) put("allbad/" + bad.getKey(), bad.getValue());
        PrepareFailed e = assertThrows(PrepareFailed.class,
                () -> PrepareJob.run(sc, settings(root + "/allbad", root + "/out-allbad")));
        assertTrue(e.getMessage().contains("none of the 6 input files"), e.getMessage());
        assertTrue(e.getMessage().contains("bad-text.png: not a recognised image format"), e.getMessage());
        assertFalse(fs.exists(new Path("/out-allbad/manifest.json")));
    }

    @Test
    void sameSubImagesWhateverThePartitioning() throws IOException {
        PrepareSettings three = settings(root + "/in", root + "/out-p3");
        PrepareSettings one = new PrepareSettings(root + "/in", root + "/out-p1", false, List.of(2, 4), P, STEP, 0.0, 1, 0, 1,
                16_000_000L, 1_000_000_000L, 1);
        PrepareJob.run(sc, three);
        PrepareJob.run(sc, one);
        for (int s : new int[] {2, 4}) {
            List<String> a = pairs(PreparedLayout.at("/out-p3"), s);
            List<String> b = pairs(PreparedLayout.at("/out-p1"), s);
            assertEquals(3 * PER_IMAGE, a.size());
            assertEquals(a, b);
        }
    }

    /** Every pair of a scale as text, sorted: the multiset of pairs, whatever shard holds them. */
    private static List<String> pairs(PreparedLayout layout, int scale) throws IOException {
        List<String> out = new ArrayList<>();
        for (Map.Entry<SubImageRef, SubImage> e : readSubImages(layout, scale))
            out.add(e.getKey().image() + Arrays.toString(e.getValue().hr()) + Arrays.toString(e.getValue().lr()));
        out.sort(null);
        return out;
    }

    /**
     * Finds the HR sub-image in its source image on the aligned grid, and checks the LR sub-image is exactly the
     * MATLAB-bicubic LR of the whole (modcropped) image at that position / scale: BasicSR's DIV2K LR sub-images.
     */
    private static String checkSubImage(String image, SubImage sub, int s) {
        BufferedImage img = GOOD.get(image);
        assertTrue(img != null && !image.equals("good0"), "a training image: " + image);
        assertEquals(P, sub.height());
        assertEquals(P, sub.width());
        int[][][] hr = sub.image(true).planes();
        int[][][] lrWhole = MatlabImresize.resizeUint8(pixels(img, (H - H % s), (W - W % s)), 1.0 / s);
        for (int y = 0; y + P <= H - H % 4; y += 4)
            for (int x = 0; x + P <= W - W % 4; x += 4) {
                if (!Arrays.deepEquals(crop(img, y, x), hr)) continue;
                int[][][] lr = sub.image(false).planes();
                for (int c = 0; c < 3; c++)
                    for (int i = 0; i < P / s; i++)
                        for (int j = 0; j < P / s; j++)
                            assertEquals(lrWhole[c][y / s + i][x / s + j], lr[c][i][j], image + " x" + s + " at " + y + "," + x);
                assertTrue(y % STEP == 0 || y == 76 - P, "row " + y);
                assertTrue(x % STEP == 0 || x == 100 - P, "column " + x);
                return image + "@" + y + "," + x;
            }
        throw new AssertionError("an x" + s + " HR sub-image of " + image + " matches no aligned region");
    }

    private static int[][][] pixels(BufferedImage img, int h, int w) {
        int[][][] out = new int[3][h][w];
        for (int c = 0; c < 3; c++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) out[c][y][x] = TestImages.sample(img, c, x, y);
        return out;
    }

    private static int[][][] crop(BufferedImage img, int y0, int x0) {
        int[][][] out = new int[3][P][P];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < P; y++) for (int x = 0; x < P; x++) out[c][y][x] = TestImages.sample(img, c, x0 + x, y0 + y);
        return out;
    }

    /** Reads every sub-image the scale's index lists, through the index; shards are one per partition. */
    private static List<Map.Entry<SubImageRef, SubImage>> readSubImages(PreparedLayout layout, int scale)
            throws IOException {
        List<Map.Entry<SubImageRef, SubImage>> out = new ArrayList<>();
        for (FileStatus f : fs.listStatus(layout.train(scale)))
            assertTrue(f.getPath().getName().matches("part-\\d{5}\\.sub|index\\.tsv"), f.getPath().getName());
        for (SubImageRef r : SubImageIndex.read(fs, layout, scale)) {
            try (FSDataInputStream in = fs.open(layout.shard(scale, r.shard()))) {
                out.add(Map.entry(r, SubImage.read(in, r.offset(), r.shard())));
            }
        }
        return out;
    }

    private static BufferedImage readPng(Path path) throws IOException {
        try (InputStream in = fs.open(path)) {
            return ImageIO.read(in);
        }
    }
}
