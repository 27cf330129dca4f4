package org.rrlfn.jobs.upscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.common.UserError;
import org.rrlfn.common.files.DiskFull;
import org.rrlfn.common.files.FileOptions;
import org.rrlfn.data.image.ImageCodec;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.jobs.FullDiskFileSystem;
import org.rrlfn.jobs.LocalSpark;
import org.rrlfn.model.Engine;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;
import scala.reflect.ClassTag$;
import scala.reflect.ClassTag;
import scala.runtime.AbstractFunction1;

/**
 * The upscale job on local[2]: resuming, failures, safe names, both engines, a TRAIN-form model trained a few steps on
 * the torch training engine (its model file is read as any other).
 */
class UpscaleJobTest {
    private static JavaSparkContext sc;
    @TempDir
    static Path dir;
    private static File trainZip;

    @BeforeAll
    static void start() throws Exception {
        sc = LocalSpark.start("upscale-test");
        ComputationGraph train = RrlfnModels.create(RrlfnConfig.paper(2).withWidth(8, 1, 4), 11);
        RrlfnModels.useEngine(train, Engine.TORCH, "cpu");
        for (int i = 0; i < 3; i++)
            train.fit(new DataSet(Nd4j.rand(DataType.FLOAT, 2, 3, 16, 16), Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32)));
        trainZip = dir.resolve("train-form.zip").toFile();
        RrlfnModels.save(train, trainZip, false);
    }

    @AfterAll
    static void stop() {
        sc.close();
    }

    @Test
    void rerunRedoesExactlyTheMissingAndTruncatedOutputs() throws Exception {
        Path in = Files.createDirectories(dir.resolve("resume-in/sub"));
        for (int i = 0; i < 6; i++) png(in.resolve("p" + i + ".png"), SyntheticPhoto.create(40 + i, 30, i));
        Files.write(in.resolve("broken.jpg"), new byte[]{(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        Path out = dir.resolve("resume-out");
        UpscaleSettings s = settings(trainZip.toString(), in.getParent().toString(), out, UpscaleSettings.Engine.ONNX);

        UpscaleResult first = UpscaleJob.run(sc, s);
        assertEquals(7, first.images());
        assertEquals(6, first.done());
        assertEquals(1, first.failed().size());
        assertTrue(first.failed().get(0).file().endsWith("broken.jpg"), first.failed().toString());
        JsonNode report = new ObjectMapper().readTree(out.resolve(UpscaleJob.REPORT).toFile());
        assertTrue(report.get("failures").get(0).get("file").asText().endsWith("broken.jpg"), report.toString());
        assertTrue(report.get("failures").get(0).get("reason").asText().length() > 0);

        Map<Path, FileTime> before = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            Path o = out.resolve("sub/p" + i + "_x2.png");
            Files.setLastModifiedTime(o, FileTime.fromMillis(1_000_000L));
            before.put(o, Files.getLastModifiedTime(o));
        }
        Files.delete(out.resolve("sub/p0_x2.png"));
        Files.delete(out.resolve("sub/p1_x2.png"));
        Files.delete(out.resolve("sub/p2_x2.png"));
        Path truncated = out.resolve("sub/p3_x2.png");
        byte[] full = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(full, full.length / 2));
        Files.write(out.resolve("sub/.p4_x2.png.partial"), new byte[10]);   // a crashed run's leftover temp

        UpscaleResult second = UpscaleJob.run(sc, s);
        assertEquals(4, second.done(), second.summary() + " " + second.failed());
        assertEquals(2, second.skipped(), second.summary());
        for (int i = 0; i < 6; i++) {
            Path o = out.resolve("sub/p" + i + "_x2.png");
            Rgb8 img = ImageCodec.read(Files.readAllBytes(o));
            assertEquals(2 * (40 + i), img.width());
            assertEquals(60, img.height());
            boolean redone = i <= 3;
            assertEquals(redone, !Files.getLastModifiedTime(o).equals(before.get(o)), o + " redone: " + redone);
        }
    }

    @Test
    void hostileNamesStayInsideTheOutputFolder() throws Exception {
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path("file:/tmp/out");
        for (String name : List.of("../x.png", "/../x.png", "a/../../x.png", "..\\..\\x.png", "a/./../../b.jpg"))
            assertThrows(OutputNames.UnsafeName.class, () -> OutputNames.resolve(root, name, "_x2"), name);
        assertEquals("file:/tmp/out/etc/passwd_x2.png", OutputNames.resolve(root, "//etc/passwd", "_x2").toString());
        assertEquals("file:/tmp/out/b_x2.png", OutputNames.resolve(root, "a/../b.jpg", "_x2").toString());
        assertEquals("file:/tmp/out/C_/x_x2.png", OutputNames.resolve(root, "C:\\x.jpg", "_x2").toString());
        assertThrows(OutputNames.UnsafeName.class, () -> OutputNames.resolve(root, "a\nb.png", ""));

        Path in = Files.createDirectories(dir.resolve("names-in/фото"));
        png(in.resolve("日本 #1 %20.png"), SyntheticPhoto.create(20, 18, 1));
        png(in.resolve("x..weird.png"), SyntheticPhoto.create(20, 18, 2));
        Path out = dir.resolve("names-out");
        UpscaleResult r = UpscaleJob.run(sc, settings(trainZip.toString(), in.getParent().toString(), out,
                UpscaleSettings.Engine.ONNX));
        assertEquals(2, r.done(), r.summary());
        assertTrue(Files.isRegularFile(out.resolve("фото/日本 #1 %20_x2.png")));
        assertTrue(Files.isRegularFile(out.resolve("фото/x..weird_x2.png")));
        try (Stream<Path> all = Files.walk(dir)) {
            List<Path> pngsOutside = all.filter(p -> p.toString().endsWith("_x2.png") && !p.startsWith(out)
                    && !p.startsWith(dir.resolve("resume-out")) && !p.startsWith(dir.resolve("engines"))
                    && !p.getParent().getFileName().toString().startsWith("adopt-")
                    && !p.startsWith(dir.resolve("stale-out"))).toList();
            assertEquals(List.of(), pngsOutside);
        }
    }

    @Test
    void enginesAgreeWithinOneGrayLevel() throws Exception {
        Path in = Files.createDirectories(dir.resolve("engines/in"));
        png(in.resolve("photo.png"), SyntheticPhoto.create(90, 70, 4));
        Path onnxFile = dir.resolve("engines/model.onnx");
        ComputationGraph train = RrlfnModels.load(trainZip, false);
        org.rrlfn.model.onnx.OnnxExport.write(org.rrlfn.model.reparam.Fusion.fuse(train, 0), onnxFile);

        Rgb8 dl4j = runOne(trainZip.toString(), in, "dl4j", UpscaleSettings.Engine.DL4J);   // TRAIN zip, fused first
        Rgb8 exported = runOne(trainZip.toString(), in, "zip-onnx", UpscaleSettings.Engine.ONNX);
        Rgb8 onnx = runOne(onnxFile.toString(), in, "file-onnx", UpscaleSettings.Engine.ONNX);
        assertTrue(maxDiff(dl4j, onnx) <= 1, "dl4j vs onnx differ by " + maxDiff(dl4j, onnx));
        assertTrue(maxDiff(dl4j, exported) <= 1, "dl4j vs exported onnx differ by " + maxDiff(dl4j, exported));
        UserError e = assertThrows(UserError.class, () -> UpscaleJob.run(sc,
                settings(onnxFile.toString(), in.toString(), dir.resolve("engines/bad"), UpscaleSettings.Engine.DL4J)));
        assertTrue(e.getMessage().contains("engine"), e.getMessage());
    }

    @Test
    void oddNamesAreUpscaledOrRejectedWithAReasonAndTheInputFolderIsNeverTheOutput() throws Exception {
        Path in = Files.createDirectories(dir.resolve("names-in"));
        String[] names = {"a:b.png", "50%.png", "#1.png", "with space.png", "\u00fcn\u00ef.png", "new\nline.png"};
        for (int i = 0; i < names.length; i++) png(in.resolve(names[i]), SyntheticPhoto.create(24, 20, i));
        Path out = dir.resolve("names-out");
        UpscaleResult r = UpscaleJob.run(sc, settings(trainZip.toString(), in.toString(), out, UpscaleSettings.Engine.DL4J));
        assertEquals(5, r.done(), r.summary());
        assertEquals(1, r.failed().size());
        assertTrue(r.failed().get(0).reason().contains("control characters"), r.failed().toString());
        for (String made : List.of("a_b_x2.png", "50%_x2.png", "#1_x2.png", "with space_x2.png", "\u00fcn\u00ef_x2.png"))
            assertEquals(48, ImageCodec.read(Files.readAllBytes(out.resolve(made))).width(), made);

        UserError same = assertThrows(UserError.class, () -> UpscaleJob.run(sc,
                settings(trainZip.toString(), in.toString(), in, UpscaleSettings.Engine.DL4J)));
        assertTrue(same.getMessage().contains("is the input folder"), same.getMessage());
    }

    @Test
    void anAdoptedFileIsNeverWrittenAndALinkInsideTheOutputIsNeverFollowed() throws Exception {
        Path in = Files.createDirectories(dir.resolve("adopt-in/sub"));
        png(in.getParent().resolve("photo.png"), SyntheticPhoto.create(24, 20, 1));
        png(in.resolve("p.png"), SyntheticPhoto.create(24, 20, 2));
        Path out = Files.createDirectories(dir.resolve("adopt-out"));
        Files.writeString(out.resolve("photo_x2.png"), "the user's own file");
        FileOptions adopt = new FileOptions(true, true, Duration.ofSeconds(120));
        UpscaleSettings s = settings(trainZip.toString(), in.getParent().toString(), out, UpscaleSettings.Engine.DL4J);

        UpscaleResult r = UpscaleJob.run(sc, s, adopt);
        assertEquals("the user's own file", Files.readString(out.resolve("photo_x2.png")));
        assertEquals(1, r.done(), r.summary());
        assertEquals(1, r.failed().size(), r.failed().toString());
        assertTrue(r.failed().get(0).reason().contains("was there before"), r.failed().toString());

        Path elsewhere = Files.createDirectories(dir.resolve("adopt-elsewhere"));
        Files.move(out.resolve("sub"), dir.resolve("adopt-moved"));
        Files.createSymbolicLink(out.resolve("sub"), elsewhere);
        UserError e = assertThrows(UserError.class, () -> UpscaleJob.run(sc, s, adopt));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        try (Stream<Path> behind = Files.list(elsewhere)) {
            assertEquals(List.of(), behind.toList(), "nothing written through the link");
        }
    }

    @Test
    void outputsOfAnotherModelOrTilingAreNotCalledCompleteButRefusedOrRedone() throws Exception {
        Path in = Files.createDirectories(dir.resolve("stale-in"));
        for (int i = 0; i < 2; i++) png(in.resolve("p" + i + ".png"), SyntheticPhoto.create(30, 24, i));
        Path out = dir.resolve("stale-out");
        UpscaleSettings s = settings(trainZip.toString(), in.toString(), out, UpscaleSettings.Engine.DL4J);
        assertEquals(2, UpscaleJob.run(sc, s).done());
        assertEquals(2, UpscaleJob.run(sc, s).skipped(), "same model and tiling: complete");

        UserError tiling = assertThrows(UserError.class, () -> UpscaleJob.run(sc, s.withTiling(20, 4)));
        assertTrue(tiling.getMessage().contains("tile") && tiling.getMessage().contains("2 outputs"), tiling.getMessage());

        File otherZip = dir.resolve("other.zip").toFile();
        RrlfnModels.save(RrlfnModels.create(RrlfnConfig.paper(2).withWidth(8, 1, 4), 12), otherZip, false);
        UpscaleSettings other = settings(otherZip.toString(), in.toString(), out, UpscaleSettings.Engine.DL4J);
        UserError model = assertThrows(UserError.class, () -> UpscaleJob.run(sc, other));
        assertTrue(model.getMessage().contains("model") && model.getMessage().contains("redo-stale"), model.getMessage());
        UpscaleResult redone = UpscaleJob.run(sc, other.withRedoStale(true));
        assertEquals(2, redone.done(), redone.summary());
        assertEquals(2, UpscaleJob.run(sc, other).skipped(), "now made by the other model: complete");
    }

    @Test
    void noInputIsAnErrorNamingWhatWasSkipped() throws Exception {
        Path in = Files.createDirectories(dir.resolve("empty-in"));
        png(in.resolve(".hidden.png"), SyntheticPhoto.create(24, 20, 1));
        UserError e = assertThrows(UserError.class, () -> UpscaleJob.run(sc,
                settings(trainZip.toString(), in.toString(), dir.resolve("empty-out"), UpscaleSettings.Engine.DL4J)));
        assertTrue(e.getMessage().contains("no input file") && e.getMessage().contains(".hidden.png"), e.getMessage());
    }

    /**
     * Space for half of the outputs (measured by the same job into a plain folder): the job stops with one line
     * naming the output it was writing; what is there is complete; with space freed the same job skips those and
     * writes the rest.
     */
    @Test
    void aFullDiskStopsNamingTheOutputAndTheRerunAfterFreeingSpaceResumes() throws Exception {
        Path in = Files.createDirectories(dir.resolve("full-in"));
        for (int i = 0; i < 4; i++) png(in.resolve("p" + i + ".png"), SyntheticPhoto.create(40, 30, i));
        Path measured = dir.resolve("full-measured"), out = dir.resolve("full-out");
        UpscaleJob.run(sc, settings(trainZip.toString(), in.toString(), measured, UpscaleSettings.Engine.DL4J));
        long outputs;
        try (Stream<Path> files = Files.list(measured)) {
            outputs = files.filter(f -> f.toString().endsWith("_x2.png")).mapToLong(f -> f.toFile().length()).sum();
        }
        FullDiskFileSystem.register(sc.hadoopConfiguration());
        UpscaleSettings s = new UpscaleSettings(trainZip.toString(), in.toString(), FullDiskFileSystem.uri(out),
                UpscaleSettings.Engine.DL4J, 32, 8, "_x{scale}", 1, false);
        UserError e;
        FullDiskFileSystem.free(outputs / 2);
        try {
            e = assertThrows(UserError.class, () -> UpscaleJob.run(sc, s));
            awaitTasksOfAbortedJobs();
        } finally {
            FullDiskFileSystem.free(Long.MAX_VALUE);
        }
        assertTrue(e instanceof DiskFull, "exit 2: " + e);
        assertTrue(e.getMessage().matches("cannot write fullfs:" + out + "/p[0-3]_x2\\.png: no space left .*"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        List<Path> left;
        try (Stream<Path> files = Files.list(out)) {
            left = files.filter(f -> !f.getFileName().toString().startsWith(".rrlfn-")).toList();
        }
        assertTrue(left.size() < 4, "stopped: " + left);
        for (Path f : left) {
            assertTrue(f.getFileName().toString().matches("p[0-3]_x2\\.png"), "no temporary or report left: " + left);
            assertEquals(80, ImageCodec.read(Files.readAllBytes(f)).width(), f + " is complete");
        }

        UpscaleResult rerun = UpscaleJob.run(sc, s);
        assertEquals(left.size(), rerun.skipped(), rerun.summary());
        assertEquals(4 - left.size(), rerun.done(), rerun.summary());
    }

    /**
     * Spark fails a job at its first failed task and leaves the others running (the command's JVM then exits; their
     * temporaries are removed by the next run). A barrier job needs both cores of local[2] free at once, so it runs
     * only after they have ended.
     */
    private static void awaitTasksOfAbortedJobs() {
        ClassTag<Integer> tag = ClassTag$.MODULE$.apply(Integer.class);
        sc.parallelize(List.of(1, 2), 2).rdd().barrier().mapPartitions(new Same(), false, tag).count();
    }

    private static final class Same extends AbstractFunction1<scala.collection.Iterator<Integer>,
            scala.collection.Iterator<Integer>> implements java.io.Serializable {
        @Override
        public scala.collection.Iterator<Integer> apply(scala.collection.Iterator<Integer> in) {
            return in;
        }
    }

    private static Rgb8 runOne(String model, Path in, String name, UpscaleSettings.Engine engine) throws Exception {
        Path out = dir.resolve("engines/" + name);
        UpscaleResult r = UpscaleJob.run(sc, settings(model, in.toString(), out, engine).withTiling(40, 8));
        assertEquals(1, r.done(), r.summary());
        return ImageCodec.read(Files.readAllBytes(out.resolve("photo_x2.png")));
    }

    static UpscaleSettings settings(String model, String input, Path output, UpscaleSettings.Engine engine) {
        return new UpscaleSettings(model, input, output.toString(), engine, 32, 8, "_x{scale}", 1, false);
    }

    private static void png(Path file, Rgb8 img) throws Exception {
        try (OutputStream os = Files.newOutputStream(file)) {
            ImageCodec.writePng(img, os);
        }
    }

    private static int maxDiff(Rgb8 a, Rgb8 b) {
        int m = 0;
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < a.height(); y++)
                for (int x = 0; x < a.width(); x++) m = Math.max(m, Math.abs(a.get(c, y, x) - b.get(c, y, x)));
        return m;
    }
}
