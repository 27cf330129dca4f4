package org.rrlfn.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.jobs.scoring.ImageQuality;
import org.rrlfn.jobs.scoring.PairEvaluation;
import org.rrlfn.jobs.train.run.RunState;

/** fuse-eval's outputs from what it measured: the results table, per-image CSV, summary, charts, report. */
class FuseEvalReportTest {
    @TempDir Path dir;

    private static ModelReport report(String stage, int scale, double psnr, double bicubic) {
        PairEvaluation.Row row = new PairEvaluation.Row("test", "a", 64, 48, new ImageQuality.Scores(psnr, 0.9, 1.125),
                new ImageQuality.Scores(bicubic, 0.8, 1.375));
        return new ModelReport(stage, scale, 1000, 800, 1.5, 1e-6, 2e-6, "64x48", 10, 8, 6, "m.zip", "m.onnx",
                List.of(row), List.of(new PairEvaluation.Summary("test", 1, psnr, 0.9, 1.125, bicubic, 0.8, 1.375)));
    }

    @Test
    void theResultsTableAndTheReportFilesSayWhatWasMeasured() throws Exception {
        List<ModelReport> reports = List.of(report("x2-l1", 2, 33.5, 32.25), report("x4-l1", 4, 28.0, 27.5));
        String table = FuseEvalReport.results(reports).render();
        assertTrue(table.contains("| x2-l1 ") && table.contains("+1.25") && table.contains("+0.50"), table);
        assertTrue(table.contains("blockiness ours") && table.contains(" 1.13 |") && table.contains(" 1.38 |"), table);

        RunState state = new RunState();
        state.addRound(new RunState.MetricRow("x2-l1", 0, 10, 0.2, 1e-3, 1e-3, 1, 1, 0));
        state.validated("x2-l1", new RunState.Validation(reports.get(0).summaries().get(0)));
        state.validated("before-blockiness", new RunState.Validation());
        state.validated("x4-best", new RunState.Validation(reports.get(1).summaries().get(0), 12, true));
        Path md = FuseEvalReport.write(dir, reports, state);
        assertEquals(dir.resolve("report.md"), md);
        List<String> csv = Files.readAllLines(dir.resolve("per-image.csv"));
        assertEquals(3, csv.size(), "header + one image per model");
        assertTrue(csv.get(0).contains(",blockiness_y,bicubic_blockiness_y,") && csv.get(1).endsWith(",1.1250,1.3750,,,"),
                csv.toString());
        assertTrue(!table.contains("reference"), "no reference columns where no set names a reference model: " + table);
        String validation = Files.readString(md).replaceAll(" +", " ");
        assertTrue(validation.contains("| x2-l1 | 33.50 | 32.25 | 1.13 | 1.38 | 1 | last |")
                && validation.contains("| before-blockiness | 0.00 | 0.00 | - | - | 0 | last |")
                && validation.contains("| x4-best | 28.00 | 27.50 | 1.13 | 1.38 | 1 | round 12, EMA |"), validation);
        String summary = Files.readString(dir.resolve("summary.json"));
        assertTrue(summary.contains("x4-l1"), summary);
        for (String png : List.of("psnr-vs-parameters-x2.png", "psnr-vs-runtime-x4.png", "training-curves.png"))
            assertTrue(Files.size(dir.resolve(png)) > 1000, png);
        assertTrue(Files.readString(md).contains("training-curves.png"));
    }

    @Test
    void theComparisonCropIsWhereBicubicIsWorst() {
        Rgb8 hr = Rgb8.blank(64, 48), bic = Rgb8.blank(64, 48);
        for (int c = 0; c < 3; c++) for (int y = 24; y < 40; y++) for (int x = 40; x < 56; x++) hr.set(c, y, x, 200);
        assertEquals(new Rectangle(40, 24, 16, 16), ComparisonFigure.hardestCrop(hr, bic, 16));
        assertEquals(new Rectangle(0, 0, 16, 16), ComparisonFigure.hardestCrop(bic, bic, 16), "no error: the first");
    }
}
