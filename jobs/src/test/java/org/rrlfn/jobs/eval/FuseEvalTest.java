package org.rrlfn.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;
import org.rrlfn.jobs.PublishedRlfn;
import org.rrlfn.jobs.SyntheticPhotos;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.config.StageInit;
import org.rrlfn.jobs.train.model.ModelInit;
import org.rrlfn.jobs.train.run.RunLayout;
import org.rrlfn.jobs.train.run.RunState;
import org.rrlfn.jobs.train.run.RunStore;
import org.rrlfn.model.Engine;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.losses.LossConfig;

/**
 * fuse-eval on a run with a x2 and a x4 model (trained a few steps on the torch engine: their files are read as any
 * other) and photos without LR images: every artefact of the report.
 */
class FuseEvalTest {
    @TempDir File dir;

    /** A finished run in dir/run with one small untrained model per scale, stages "s2" and "s4". */
    private File run() throws Exception {
        File run = new File(dir, "run");
        RunStore store = new RunStore(run.toURI().toString(), new Configuration());
        RrlfnConfig arch = RrlfnConfig.paper(2).withWidth(8, 1, 4).withMergeBranchesInGraph(false);
        RunState state = new RunState();
        for (int scale : new int[]{2, 4}) {
            Stage s = new Stage("s" + scale, scale, StageInit.SCRATCH, true, 1, 1e-3, 10, LossConfig.l1());
            ComputationGraph g = ModelInit.fresh(arch, s, scale);
            RrlfnModels.useEngine(g, Engine.TORCH, "cpu");
            Nd4j.getRandom().setSeed(scale);
            for (int i = 0; i < 3; i++)
                g.fit(new DataSet(Nd4j.rand(DataType.FLOAT, 2, 3, 16, 16), Nd4j.rand(DataType.FLOAT, 2, 3, 16 * scale, 16 * scale)));
            store.saveModel(RunLayout.finalModel(s.name()), g, true);
            state.finished(s.name());
            state.addRound(new RunState.MetricRow(s.name(), 1, 2, 0.1, 1e-3, 1e-3, 10, 1, 0));
        }
        state.save(store);
        return run;
    }

    @Test
    void fusesVerifiesExportsEvaluatesAndReports() throws Exception {
        File run = run(), photos = new File(dir, "photos"), report = new File(dir, "report");
        SyntheticPhotos.write(photos, 2, 100, 72, 3);

        FuseEvalSettings s = FuseEvalSettings.from(Settings.load(List.of("fuse-eval.run=" + run.getPath(),
                "fuse-eval.output=" + report.getPath(), "fuse-eval.repeats=1",
                "fuse-eval.sets=[{name = photos, hr = \"" + photos.getPath() + "\"}]"), Map.of()).config());
        String printed = FuseEvalCommand.runAndReport(s, org.rrlfn.common.files.FileOptions.DEFAULT, new Configuration());

        assertTrue(printed.contains("| s2 ") && printed.contains("| s4 ") && printed.contains("report.md"), printed);
        List<String> csv = Files.readAllLines(report.toPath().resolve("per-image.csv"));
        assertEquals(1 + 2 * 2, csv.size(), "header + 2 images x 2 models");
        for (String row : csv.subList(1, csv.size())) {
            double psnr = Double.parseDouble(row.split(",")[6]);
            assertTrue(psnr > 5 && psnr < 60, row);
            // Bicubic's blockiness on the scale's grid: 1.15-1.46 on photos (docs/results.md, "Blockiness").
            double bicubicBlockiness = Double.parseDouble(row.split(",")[11]);
            assertTrue(bicubicBlockiness > 1 && bicubicBlockiness < 2, row);
        }
        String summary = Files.readString(report.toPath().resolve("summary.json"));
        assertTrue(summary.contains("\"parameters_deploy\"") && summary.contains("\"onnx_runtime\""), summary);
        for (String png : List.of("psnr-vs-parameters-x2.png", "psnr-vs-runtime-x4.png", "training-curves.png",
                "comparison-s2.png", "comparison-s4.png"))
            assertTrue(ImageIO.read(report.toPath().resolve(png).toFile()).getWidth() > 100, png);
        assertTrue(report.toPath().resolve("models/s4-x4.onnx").toFile().length() > 1000);
        // Every file it writes has the mode the folder's others have (a temporary file's 0600 would not).
        try (var files = Files.walk(report.toPath())) {
            var modes = new java.util.TreeMap<String, List<String>>();
            files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).forEach(f ->
                    modes.computeIfAbsent(mode(f), m -> new java.util.ArrayList<>()).add(report.toPath().relativize(f).toString()));
            assertEquals(1, modes.size(), "one mode for all: " + modes);
        }
        String md = Files.readString(report.toPath().resolve("report.md"));
        assertTrue(md.contains("PSNR-Y ours") && md.contains("ONNX Runtime ms") && md.contains("RRLFN"), md);
    }

    @Test
    void aMistypedRunIsNotCreatedAndADamagedModelIsNamedInOneLine() throws Exception {
        File typo = new File(dir, "rnu"), report = new File(dir, "report");
        UserError missing = assertThrows(UserError.class, () -> FuseEvalCommand.runAndReport(settings(typo, report),
                org.rrlfn.common.files.FileOptions.DEFAULT, new Configuration()));
        assertTrue(missing.getMessage().contains("no such folder"), missing.getMessage());
        assertFalse(typo.exists(), "no folder made at the mistyped name");

        File run = new File(dir, "run");
        RunStore store = new RunStore(run.toURI().toString(), new Configuration());
        Stage s = new Stage("s2", 2, StageInit.SCRATCH, true, 1, 1e-3, 10, LossConfig.l1());
        store.saveModel(RunLayout.finalModel(s.name()), ModelInit.fresh(RrlfnConfig.paper(2).withWidth(8, 1, 4), s, 2),
                false);
        RunState state = new RunState();
        state.finished(s.name());
        state.save(store);
        File zip = new File(run, RunLayout.finalModel(s.name()));
        byte[] whole = Files.readAllBytes(zip.toPath());
        Files.write(zip.toPath(), java.util.Arrays.copyOf(whole, whole.length / 2));
        UserError damaged = assertThrows(UserError.class, () -> FuseEvalCommand.runAndReport(settings(run, report),
                org.rrlfn.common.files.FileOptions.DEFAULT, new Configuration()));
        assertTrue(damaged.getMessage().contains(RunLayout.finalModel(s.name())) && !damaged.getMessage().contains("\n"),
                damaged.getMessage());
    }

    private static String mode(java.nio.file.Path f) {
        try {
            return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static FuseEvalSettings settings(File run, File report) {
        return FuseEvalSettings.from(Settings.load(List.of("fuse-eval.run=" + run.getPath(),
                "fuse-eval.output=" + report.getPath(), "fuse-eval.repeats=1"), Map.of()).config());
    }

    /**
     * A set naming the published RLFN_S weights as its reference ("{scale}" picks the file per model): they are scored
     * beside our untrained models, in the table, the CSV and the summary; published weights must beat bicubic on every
     * image and must not be blocky. A reference of the wrong scale is refused, naming the key.
     */
    @Test
    void scoresTheReferenceModelASetNames() throws Exception {
        for (int scale : new int[]{2, 4}) PublishedRlfn.importedZip(PublishedRlfn.exportOnnx(scale, dir.toPath()));
        File run = run(), photos = new File(dir, "photos"), report = new File(dir, "report");
        SyntheticPhotos.write(photos, 2, 120, 96, 5);
        String reference = new File(dir, "rlfn_s_x{scale}.zip").getPath();
        FuseEvalSettings s = settings(run, report, photos, reference);
        String printed = FuseEvalCommand.runAndReport(s, org.rrlfn.common.files.FileOptions.DEFAULT, new Configuration());

        assertTrue(printed.contains("blockiness reference") && printed.contains("rlfn_s_x2.zip")
                && printed.contains("rlfn_s_x4.zip"), printed);
        List<String> csv = Files.readAllLines(report.toPath().resolve("per-image.csv"));
        assertTrue(csv.get(0).endsWith(",reference_psnr_y,reference_ssim_y,reference_blockiness_y"), csv.get(0));
        for (String row : csv.subList(1, csv.size())) {
            String[] f = row.split(",");
            double bicubic = Double.parseDouble(f[8]), published = Double.parseDouble(f[12]);
            assertTrue(published > bicubic + 0.3, "published RLFN_S vs bicubic: " + row);
            assertTrue(Double.parseDouble(f[14]) < Double.parseDouble(f[11]) + 0.3, "published RLFN_S blockiness: " + row);
        }
        assertTrue(Files.readString(report.toPath().resolve("summary.json")).contains("\"reference\" : {"));

        FuseEvalSettings wrongScale = settings(run, new File(dir, "report2"), photos, new File(dir, "rlfn_s_x2.zip").getPath());
        UserError e = assertThrows(UserError.class, () -> FuseEvalCommand.runAndReport(wrongScale,
                org.rrlfn.common.files.FileOptions.DEFAULT, new Configuration()));
        assertTrue(e.getMessage().contains("rrlfn.fuse-eval.sets[0].reference") && e.getMessage().contains("x2"), e.getMessage());
    }

    private static FuseEvalSettings settings(File run, File report, File photos, String reference) {
        return FuseEvalSettings.from(Settings.load(List.of("fuse-eval.run=" + run.getPath(),
                "fuse-eval.output=" + report.getPath(), "fuse-eval.repeats=1", "fuse-eval.sets=[{name = photos, hr = \""
                        + photos.getPath() + "\", reference = \"" + reference + "\"}]"), Map.of()).config());
    }
}
