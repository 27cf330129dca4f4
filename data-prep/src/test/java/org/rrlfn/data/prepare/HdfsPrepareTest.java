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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.rrlfn.data.TestImages;
import org.rrlfn.model.image.MatlabImresize;

/**
 * The prepare job end to end on a real (in-process) HDFS and a real local[2] Spark: hdfs:// in, hdfs:// out, then
 * the shards are read back and every patch pair is traced to its source image, position and augmentation.
 */
class HdfsPrepareTest {
    private static final int P = 32;
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
        m.put("bad-small.png", "smaller than one 32 px HR patch");
        m.put("bad-lowres.png", "LR side of 14 px at x4 (minimum 15)");
        return m;
    }

    private static void put(String name, byte[] bytes) throws IOException {
        try (OutputStream out = fs.create(new Path("/" + name))) {
            out.write(bytes);
        }
    }

    private static PrepareSettings settings(String input, String output) {
        return new PrepareSettings(input, output, false, List.of(2, 4), P, 6, P, 0.0, 1.0, 1.0, 42L, 4, 1, 3,
                16_000_000L, 1);
    }

    @Test
    void preparesAlignedAugmentedShardsFromHdfsAndListsEveryBadInput() throws Exception {
        String out = root + "/out";
        PrepareResult result = PrepareJob.run(sc, settings(root + "/in", out));

        // Manifest: present, counts, and exactly one rejection per bad file with its reason.
        Map<?, ?> manifest;
        try (InputStream in = fs.open(new Path("/out/manifest.json"))) {
            manifest = new ObjectMapper().readValue(in, Map.class);
        }
        assertEquals(List.of(2, 4), manifest.get("scales"));
        assertEquals(P, manifest.get("hr-patch"));
        assertEquals(42, manifest.get("seed"));
        assertEquals(Map.of("x2", 18, "x4", 18), manifest.get("patches"));     // 3 training images × 6 patches
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
        assertTrue(((Map<?, ?>) manifest.get("config")).containsKey("hr-patch"));

        // Validation image written whole: HR modcropped per scale, LR by MATLAB bicubic.
        for (int s : new int[] {2, 4}) {
            BufferedImage hr = readPng("/out/x" + s + "/val/HR/good0.png");
            BufferedImage lr = readPng("/out/x" + s + "/val/LR/good0.png");
            assertEquals(W - W % s, hr.getWidth());
            assertEquals(H - H % s, hr.getHeight());
            assertEquals((W - W % s) / s, lr.getWidth());
            assertEquals((H - H % s) / s, lr.getHeight());
        }
        assertFalse(fs.exists(new Path("/out/x2/train/.tmp")));
        for (FileStatus f : fs.listStatus(new Path("/out"))) assertFalse(f.getPath().getName().startsWith(".prepare-"));

        Set<String> transforms = new HashSet<>();
        for (int s : new int[] {2, 4}) {
            List<DataSet> shards = readShards("/out/x" + s + "/train", 4);
            int pairs = 0;
            for (DataSet ds : shards) {
                for (int n = 0; n < ds.numExamples(); n++) {
                    int[][][] hr = toUint8(ds.getLabels(), n, P);
                    int[][][] lr = toUint8(ds.getFeatures(), n, P / s);
                    transforms.add(checkPair(hr, lr, s));
                    pairs++;
                }
            }
            assertEquals(18, pairs);
        }
        // With both probabilities at 1 the 48 (rotation/flip × permutation) choices are drawn uniformly.
        assertTrue(transforms.size() >= 6, "augmentations seen: " + transforms);
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
    void sameSeedGivesTheSamePatchesWhateverThePartitioning() throws IOException {
        PrepareSettings three = settings(root + "/in", root + "/out-p3");
        PrepareSettings one = new PrepareSettings(root + "/in", root + "/out-p1", false, List.of(2, 4), P, 6, P, 0.0,
                1.0, 1.0, 42L, 4, 1, 1, 16_000_000L, 1);
        PrepareJob.run(sc, three);
        PrepareJob.run(sc, one);
        for (int s : new int[] {2, 4}) {
            List<String> a = pairs("/out-p3/x" + s + "/train");
            List<String> b = pairs("/out-p1/x" + s + "/train");
            assertEquals(18, a.size());
            assertEquals(a, b);
        }
        assertFalse(pairs("/out-p1/x2/train").equals(pairs("/out-p1/x4/train")));
    }

    /** Every pair of a shard folder as text, sorted: the multiset of pairs, whatever shard holds them. */
    private static List<String> pairs(String dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (DataSet ds : readShards(dir, 4))
            for (int n = 0; n < ds.numExamples(); n++)
                out.add(Arrays.toString(ds.getFeatures().slice(n).dup().data().asFloat())
                        + Arrays.toString(ds.getLabels().slice(n).dup().data().asFloat()));
        out.sort(null);
        return out;
    }

    /**
     * Finds the source of an HR patch among the good training images, all aligned positions and all 48
     * augmentations (test-side rotation code), then checks the LR patch is the MATLAB downscale of that HR region,
     * identically augmented, away from the patch border where the whole image's neighbours enter.
     */
    private static String checkPair(int[][][] hr, int[][][] lr, int s) {
        for (Map.Entry<String, BufferedImage> e : GOOD.entrySet()) {
            if (e.getKey().equals("good0")) continue;      // held out
            BufferedImage img = e.getValue();
            for (int y = 0; y + P <= H - H % 4; y += 4)
                for (int x = 0; x + P <= W - W % 4; x += 4) {
                    int[][][] region = crop(img, y, x);
                    for (int t = 0; t < 8; t++)
                        for (int[] perm : PERMS) {
                            if (!Arrays.deepEquals(augment(region, t, perm), hr)) continue;
                            int[][][] lrRegion = MatlabImresize.resizeUint8(region, 1.0 / s);
                            int[][][] expected = augment(lrRegion, t, perm);
                            int n = P / s;
                            for (int c = 0; c < 3; c++)
                                for (int i = 2; i < n - 2; i++)
                                    for (int j = 2; j < n - 2; j++)
                                        assertEquals(expected[c][i][j], lr[c][i][j],
                                                e.getKey() + " x" + s + " at " + y + "," + x + " t" + t);
                            return t + Arrays.toString(perm);
                        }
                }
        }
        throw new AssertionError("an x" + s + " HR patch matches no image region under any augmentation");
    }

    private static final int[][] PERMS = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};

    /** t % 4 counter-clockwise quarter turns (numpy's rot90: out[y][x] = in[x][n-1-y]), then a mirror if t >= 4. */
    private static int[][][] augment(int[][][] chw, int t, int[] perm) {
        int n = chw[0].length;
        int[][][] out = new int[3][][];
        for (int c = 0; c < 3; c++) {
            int[][] p = chw[perm[c]];
            for (int k = 0; k < t % 4; k++) {
                int[][] r = new int[n][n];
                for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) r[y][x] = p[x][n - 1 - y];
                p = r;
            }
            if (t >= 4) {
                int[][] m = new int[n][n];
                for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) m[y][x] = p[y][n - 1 - x];
                p = m;
            }
            out[c] = p;
        }
        return out;
    }

    private static int[][][] crop(BufferedImage img, int y0, int x0) {
        int[][][] out = new int[3][P][P];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < P; y++) for (int x = 0; x < P; x++) out[c][y][x] = TestImages.sample(img, c, x0 + x, y0 + y);
        return out;
    }

    private static int[][][] toUint8(org.nd4j.linalg.api.ndarray.INDArray batch, int n, int size) {
        assertEquals(size, batch.size(2));
        assertEquals(size, batch.size(3));
        int[][][] out = new int[3][size][size];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++) {
                    double v = batch.getDouble(n, c, y, x) * 255;
                    assertEquals(Math.round(v), v, 1e-3);          // k/255 exactly, as float32
                    out[c][y][x] = (int) Math.round(v);
                }
        return out;
    }

    /** Reads every shard; per partition, all but the last shard hold exactly shard-size pairs. */
    private static List<DataSet> readShards(String dir, int shardSize) throws IOException {
        List<DataSet> out = new ArrayList<>();
        Map<String, List<Integer>> sizesByPartition = new HashMap<>();
        FileStatus[] files = fs.listStatus(new Path(dir));
        Arrays.sort(files);
        for (FileStatus f : files) {
            String name = f.getPath().getName();
            assertTrue(name.matches("part-\\d{5}-\\d{5}\\.ds"), name);
            DataSet ds = new DataSet();
            try (InputStream in = fs.open(f.getPath())) {
                ds.load(in);
            }
            assertEquals(4, ds.getFeatures().rank());
            assertEquals(3, ds.getFeatures().size(1));
            assertEquals(ds.getFeatures().size(2) * Integer.parseInt(dir.replaceAll(".*/x(\\d)/.*", "$1")),
                    ds.getLabels().size(2));
            sizesByPartition.computeIfAbsent(name.substring(5, 10), k -> new ArrayList<>()).add(ds.numExamples());
            out.add(ds);
        }
        for (List<Integer> sizes : sizesByPartition.values()) {
            for (int i = 0; i < sizes.size() - 1; i++) assertEquals(shardSize, sizes.get(i));
            assertTrue(sizes.get(sizes.size() - 1) >= 1 && sizes.get(sizes.size() - 1) <= shardSize);
        }
        return out;
    }

    private static BufferedImage readPng(String path) throws IOException {
        try (InputStream in = fs.open(new Path(path))) {
            return ImageIO.read(in);
        }
    }
}
