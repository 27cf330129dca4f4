package org.rrlfn.jobs.upscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.spark.HadoopConf;
import org.rrlfn.data.image.ImageCodec;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.data.image.RgbTensors;
import org.rrlfn.jobs.LocalSpark;
import org.rrlfn.jobs.inference.Dl4jTileEngine;
import org.rrlfn.jobs.inference.OnnxTileEngine;
import org.rrlfn.jobs.inference.TileEngine;
import org.rrlfn.jobs.inference.TiledInference;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;

/**
 * The pieces of {@code rrlfn upscale} below the job: loading and shipping the model, the per-executor engines (DL4J
 * and ONNX Runtime) and their pool, one image's task, the completeness check that makes re-runs resume, and the
 * in-memory tiled path.
 */
class UpscalePartsTest {
    @TempDir static Path dir;
    private static JavaSparkContext sc;
    private static File trainZip;
    private static final Random RND = new Random(5);

    @BeforeAll
    static void start() throws Exception {
        sc = LocalSpark.start("upscale-parts");
        trainZip = dir.resolve("train-form.zip").toFile();
        RrlfnModels.save(RrlfnModels.create(RrlfnConfig.paper(2).withWidth(8, 1, 4), 11), trainZip, false);
    }

    @AfterAll
    static void stop() {
        sc.close();
    }

    private static Rgb8 noise(int w, int h) {
        Rgb8 img = Rgb8.blank(w, h);
        for (int c = 0; c < 3; c++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.set(c, y, x, RND.nextInt(256));
        return img;
    }

    private static Path png(String name, Rgb8 img) throws Exception {
        Path f = dir.resolve(name);
        try (OutputStream os = Files.newOutputStream(f)) {
            ImageCodec.writePng(img, os);
        }
        return f;
    }

    @Test
    void bothEnginesOfTheShippedModelUpscaleATileAlike() throws Exception {
        Configuration hadoop = new Configuration();
        ShippedModel dl4j = ModelLoader.load(trainZip.getPath(), UpscaleSettings.Engine.DL4J, hadoop);
        ShippedModel onnx = ModelLoader.load(trainZip.getPath(), UpscaleSettings.Engine.ONNX, hadoop);
        assertEquals(2, dl4j.scale());
        assertEquals(2, onnx.scale());
        Rgb8 tile = noise(20, 17);
        try (TileEngine a = dl4j.open(1); TileEngine b = onnx.open(1)) {
            assertTrue(a instanceof Dl4jTileEngine && b instanceof OnnxTileEngine);
            float[] x = a.upscale(tile), y = b.upscale(tile);
            assertEquals(3 * 40 * 34, x.length);
            float max = 0;
            for (int i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i] - y[i]));
            assertTrue(max < 1e-3, "max |DL4J - ONNX| = " + max);
        }
        Path onnxFile = dir.resolve("m.onnx");
        Files.write(onnxFile, new byte[]{1, 2, 3});
        UserError e = assertThrows(UserError.class,
                () -> ModelLoader.load(onnxFile.toString(), UpscaleSettings.Engine.DL4J, hadoop));
        assertTrue(e.getMessage().contains("engine dl4j cannot run"), e.getMessage());
    }

    @Test
    void thePoolHandsBackIdleEnginesAndClosesThemOnRelease() {
        AtomicInteger opened = new AtomicInteger(), closed = new AtomicInteger();
        long model = 987_654_321L;
        TileEngine first = EnginePool.borrow(model, () -> counting(opened, closed));
        EnginePool.giveBack(model, first);
        assertSame(first, EnginePool.borrow(model, () -> counting(opened, closed)), "an idle engine is reused");
        TileEngine second = EnginePool.borrow(model, () -> counting(opened, closed));
        assertEquals(2, opened.get(), "none idle: a new one");
        EnginePool.giveBack(model, first);
        EnginePool.giveBack(model, second);
        EnginePool.release(model);
        assertEquals(2, closed.get());
        EnginePool.borrow(model, () -> counting(opened, closed));
        assertEquals(3, opened.get(), "nothing idle after release");
    }

    private static TileEngine counting(AtomicInteger opened, AtomicInteger closed) {
        opened.incrementAndGet();
        return new TileEngine() {
            @Override public float[] upscale(Rgb8 lr) { return new float[0]; }

            @Override public void close() { closed.incrementAndGet(); }
        };
    }

    @Test
    void anImageTaskWritesOnceSkipsWhatIsCompleteAndReportsFailures() throws Exception {
        ShippedModel m = ModelLoader.load(trainZip.getPath(), UpscaleSettings.Engine.DL4J, new Configuration());
        Broadcast<ShippedModel> model = sc.broadcast(m);
        LongAccumulator images = sc.sc().longAccumulator(), pixels = sc.sc().longAccumulator();
        UpscaleSettings s = new UpscaleSettings(trainZip.getPath(), dir.toString(), dir.resolve("out").toString(),
                UpscaleSettings.Engine.DL4J, 32, 8, "_x{scale}", 1, false);
        ImageTask task = new ImageTask(s, model, new HadoopConf(new Configuration()), images, pixels);
        Path in = png("photo.png", noise(40, 30));
        String out = dir.resolve("out/photo_x2.png").toString();
        ImageTask.Outcome done = task.run(new ImageTask.Job(in.toString(), out));
        assertEquals(ImageTask.Status.DONE, done.status(), String.valueOf(done.reason()));
        assertEquals(80L * 60, done.outputPixels());
        Rgb8 up = ImageCodec.read(Files.readAllBytes(Path.of(out)));
        assertEquals(80, up.width());
        assertEquals(ImageTask.Status.SKIPPED, task.run(new ImageTask.Job(in.toString(), out)).status());

        ImageTask.Outcome small = task.run(new ImageTask.Job(png("tiny.png", noise(8, 8)).toString(), out + ".tiny"));
        assertEquals(ImageTask.Status.FAILED, small.status());
        assertTrue(small.reason().startsWith("too small: 8x8 px"), small.reason());
        ImageTask.Outcome missing = task.run(new ImageTask.Job(dir.resolve("gone.png").toString(), out + ".gone"));
        assertEquals(ImageTask.Status.FAILED, missing.status());
        assertEquals(4, images.value());
        assertEquals(80L * 60, pixels.value());
    }

    @Test
    void anOutputNamesItsProducerAndADifferentOneIsSaid() throws Exception {
        OutputProducer now = new OutputProducer("sha256:" + "a".repeat(64), 256, 16);
        FileSystem fs = FileSystem.getLocal(new Configuration());
        Path png = dir.resolve("made.png");
        try (OutputStream os = Files.newOutputStream(png);
             PngRowWriter w = new PngRowWriter(os, 2, 1, java.util.Map.of(OutputProducer.KEYWORD, now.text()))) {
            w.write(new byte[6]);
        }
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(png.toUri());
        assertEquals(now, OutputProducer.parse(OutputCheck.producer(fs, p)));
        assertEquals(2, ImageCodec.read(Files.readAllBytes(png)).width(), "still a plain PNG to any reader");
        assertEquals(null, OutputCheck.producer(fs, new org.apache.hadoop.fs.Path(png("plain.png", noise(20, 20)).toUri())));
        OutputProducer other = new OutputProducer("sha256:" + "b".repeat(64), 128, 16);
        assertEquals(List.of("model sha256:aaaaaaaaaaaa… (now sha256:bbbbbbbbbbbb…)", "tile 256 (now 128)"),
                other.differencesFrom(now));
        assertEquals(List.of("no record of its model and tiling"), now.differencesFrom(null));
    }

    @Test
    void aPngIsCompleteOnlyWithItsSizeAndItsEnd() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        Path f = png("check.png", noise(21, 13));
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(f.toUri());
        assertTrue(OutputCheck.complete(fs, p, 21, 13));
        assertFalse(OutputCheck.complete(fs, p, 13, 21));
        assertFalse(OutputCheck.complete(fs, new org.apache.hadoop.fs.Path(dir.resolve("none.png").toUri()), 21, 13));
        byte[] bytes = Files.readAllBytes(f);
        Path cut = dir.resolve("cut.png");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        assertFalse(OutputCheck.complete(FileSystem.getLocal(new Configuration()).getRaw(),
                new org.apache.hadoop.fs.Path(cut.toUri()), 21, 13), "truncated");
    }

    @Test
    void tiledInferenceInMemoryIsTheWholeImageWhenOneTileHoldsIt() {
        ComputationGraph net = RrlfnModels.create(RrlfnConfig.paper(2).withWidth(8, 1, 4), 3);
        Rgb8 lr = noise(50, 37);
        Rgb8 expected = RgbTensors.fromNchw(RrlfnModels.upscale(net, RgbTensors.toNchw(lr)), 0);
        Rgb8 one = TiledInference.upscale(net, lr, 2, 64, 8);
        int max = 0;
        for (int c = 0; c < 3; c++) for (int y = 0; y < 74; y++) for (int x = 0; x < 100; x++)
            max = Math.max(max, Math.abs(one.get(c, y, x) - expected.get(c, y, x)));
        assertTrue(max <= 1, "max gray-level difference " + max);
        // Tiled (ESA sees each tile, not the image, so values differ a little): the whole image, every row written.
        Rgb8 tiled = TiledInference.upscale(net, lr, 2, 24, 8);
        assertEquals(List.of(100, 74), List.of(tiled.width(), tiled.height()));
        long diff = 0;
        for (int c = 0; c < 3; c++) for (int y = 0; y < 74; y++) for (int x = 0; x < 100; x++)
            diff += Math.abs(tiled.get(c, y, x) - expected.get(c, y, x));
        assertTrue(diff / (3.0 * 74 * 100) < 4, "mean gray-level difference " + diff / (3.0 * 74 * 100));
    }
}
