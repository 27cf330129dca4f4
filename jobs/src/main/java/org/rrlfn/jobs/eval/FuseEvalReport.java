package org.rrlfn.jobs.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rrlfn.common.files.LocalFiles;
import org.rrlfn.jobs.report.ChartFiles;
import org.rrlfn.jobs.report.MarkdownTable;
import org.rrlfn.jobs.report.PaperTables;
import org.rrlfn.jobs.report.TradeOffChart;
import org.rrlfn.jobs.report.TrainingCurveChart;
import org.rrlfn.jobs.scoring.PairEvaluation;
import org.rrlfn.jobs.train.run.RunLayout;
import org.rrlfn.jobs.train.run.RunState;
import org.rrlfn.jobs.train.run.TrainingCurves;

/** The report folder: per-image CSV, JSON summary, Markdown report and the figures. */
public final class FuseEvalReport {
    private static final MarkdownTable.Align L = MarkdownTable.Align.LEFT, R = MarkdownTable.Align.RIGHT;

    private FuseEvalReport() { }

    /**
     * The table people read first: one row per model and evaluation set; a reference model's PSNR and blockiness
     * beside them when a set names one.
     */
    public static MarkdownTable results(List<ModelReport> reports) {
        boolean references = reports.stream().flatMap(m -> m.summaries().stream()).anyMatch(s -> s.reference() != null);
        List<String> head = new ArrayList<>(List.of("model", "scale", "set", "images", "PSNR-Y ours", "SSIM-Y ours",
                "blockiness ours", "PSNR-Y bicubic", "SSIM-Y bicubic", "blockiness bicubic", "gain dB"));
        List<MarkdownTable.Align> align = new ArrayList<>(List.of(L, R, L, R, R, R, R, R, R, R, R));
        if (references) {
            head.addAll(List.of("reference", "PSNR-Y reference", "blockiness reference"));
            align.addAll(List.of(L, R, R));
        }
        MarkdownTable t = new MarkdownTable(head, align);
        for (ModelReport m : reports)
            for (PairEvaluation.Summary s : m.summaries()) {
                List<Object> row = new ArrayList<>(List.of(m.stage(), "x" + m.scale(), s.set(), s.images(), f2(s.psnr()),
                        f4(s.ssim()), f2(s.blockiness()), f2(s.bicubicPsnr()), f4(s.bicubicSsim()),
                        f2(s.bicubicBlockiness()), String.format(Locale.ROOT, "%+.2f", s.psnr() - s.bicubicPsnr())));
                if (references) {
                    PairEvaluation.Reference r = s.reference();
                    row.addAll(r == null ? List.of("-", "-", "-") : List.of(r.model(), f2(r.psnr()), f2(r.blockiness())));
                }
                t.add(row.toArray());
            }
        return t;
    }

    public static Path write(Path dir, List<ModelReport> reports, RunState state) throws IOException {
        Files.createDirectories(dir);
        writeCsv(dir.resolve("per-image.csv"), reports);
        LocalFiles.write(dir.resolve("summary.json"), out -> new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out, summary(reports, state)));
        List<String> figures = new ArrayList<>();
        for (ModelReport m : reports) {
            PaperTables.Benchmark bench = PaperTables.Benchmark.BSD100;
            double psnr = m.summaries().get(0).psnr();
            // Our set is not the paper's: the label carries bicubic's score on it, the only fair yardstick.
            String label = String.format(Locale.ROOT, "ours (%s; bicubic %.2f dB there)", m.summaries().get(0).set(),
                    m.summaries().get(0).bicubicPsnr());
            for (TradeOffChart.Axis axis : TradeOffChart.Axis.values()) {
                String name = "psnr-vs-" + axis.name().toLowerCase(Locale.ROOT) + "-x" + m.scale() + ".png";
                var points = TradeOffChart.dataset(PaperTables.comparison(m.scale()), bench, axis,
                        List.of(new TradeOffChart.Ours(label, m.deployParams() / 1000.0, m.fusedMs(), psnr)));
                ChartFiles.png(TradeOffChart.chart("x" + m.scale() + ": PSNR vs " + axis.name().toLowerCase(Locale.ROOT)
                        + " (paper: " + bench + "; ours: " + m.summaries().get(0).set() + ", CPU)", bench, axis, points),
                        dir.resolve(name), 900, 600);
                figures.add(name);
            }
        }
        if (!state.metrics().isEmpty()) {
            ChartFiles.png(TrainingCurveChart.chart("Training loss per averaging round", TrainingCurves.series(state), true),
                    dir.resolve(RunLayout.CURVES), 1000, 560);
            figures.add(RunLayout.CURVES);
        }
        LocalFiles.writeString(dir.resolve("report.md"), markdown(reports, state, figures));
        return dir.resolve("report.md");
    }

    private static void writeCsv(Path file, List<ModelReport> reports) throws IOException {
        StringBuilder b = new StringBuilder("model,scale,set,image,width,height,psnr_y,ssim_y,bicubic_psnr_y,bicubic_ssim_y,"
                + "blockiness_y,bicubic_blockiness_y,reference_psnr_y,reference_ssim_y,reference_blockiness_y\n");
        for (ModelReport m : reports)
            for (PairEvaluation.Row r : m.rows()) {
                b.append(String.format(Locale.ROOT, "%s,%d,%s,%s,%d,%d,%.4f,%.6f,%.4f,%.6f,%.4f,%.4f", m.stage(), m.scale(),
                        r.set(), r.image(), r.width(), r.height(), r.ours().psnrY(), r.ours().ssimY(),
                        r.bicubic().psnrY(), r.bicubic().ssimY(), r.ours().blockinessY(), r.bicubic().blockinessY()));
                // Empty cells where the set names no reference model.
                b.append(r.reference() == null ? ",,," : String.format(Locale.ROOT, ",%.4f,%.6f,%.4f",
                        r.reference().psnrY(), r.reference().ssimY(), r.reference().blockinessY())).append('\n');
            }
        LocalFiles.writeString(file, b.toString());
    }

    private static Map<String, Object> summary(List<ModelReport> reports, RunState state) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> models = new ArrayList<>();
        for (ModelReport r : reports) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("stage", r.stage());
            e.put("scale", r.scale());
            e.put("parameters_train", r.trainParams());
            e.put("parameters_deploy", r.deployParams());
            e.put("gflops_per_megapixel_lr", r.gflopsPerMegapixel());
            e.put("fusion_max_abs_diff", r.fusionMaxDiff());
            e.put("onnx_max_abs_diff", r.onnxMaxDiff());
            e.put("runtime_image", r.runtimeImage());
            e.put("runtime_ms", Map.of("train_form_dl4j", r.trainMs(), "fused_dl4j", r.fusedMs(), "onnx_runtime", r.onnxMs()));
            e.put("deploy_model", r.deployModel());
            e.put("onnx_model", r.onnxModel());
            e.put("sets", r.summaries());
            models.add(e);
        }
        m.put("models", models);
        m.put("validation_during_training", state.validation());
        return m;
    }

    private static String markdown(List<ModelReport> reports, RunState state, List<String> figures) {
        StringBuilder b = new StringBuilder("# RRLFN evaluation report\n\n");
        b.append("PSNR and SSIM on the Y channel (BasicSR conventions, crop border = scale); SR saved as 8 bits. Blockiness:"
                + " mean |step| of Y across the scale's pixel grid lines over the mean step elsewhere, same Y and crop;"
                + " a photo scores about 1, a nearest-neighbour upscaling +inf.\n\n");
        b.append(results(reports)).append('\n');
        MarkdownTable cost = new MarkdownTable(List.of("model", "params TRAIN", "params fused", "GFLOPs / LR MP",
                "TRAIN-form (branches) ms", "fused DL4J ms", "ONNX Runtime ms", "runtime image", "fusion max diff", "ONNX max diff"),
                List.of(L, R, R, R, R, R, R, L, R, R));
        for (ModelReport m : reports)
            cost.add(m.stage(), String.format("%,d", m.trainParams()), String.format("%,d", m.deployParams()),
                    f2(m.gflopsPerMegapixel()), f1(m.trainMs()), f1(m.fusedMs()), f1(m.onnxMs()), m.runtimeImage(),
                    String.format(Locale.ROOT, "%.1e", m.fusionMaxDiff()), String.format(Locale.ROOT, "%.1e", m.onnxMaxDiff()));
        b.append("\n## Cost\n\nRuntimes: median after warm-up on this machine's CPU (the paper's are GPU figures).\n\n")
                .append(cost).append('\n');
        b.append("\n## The paper's figures (its test sets, not ours)\n\n");
        MarkdownTable paper = new MarkdownTable(List.of("scale", "model", "params K", "runtime ms", "Set14", "BSD100", "Urban100"),
                List.of(L, L, R, R, R, R, R));
        for (int s : new int[]{2, 4})
            for (PaperTables.Comparison c : PaperTables.comparison(s))
                if (c.model().equals(PaperTables.RRLFN))
                    paper.add("x" + s, c.model(), c.paramsK(), c.runtimeMs(), score(c.set14()), score(c.bsd100()),
                            score(c.urban100()));
        b.append(paper).append('\n');
        if (!state.validation().isEmpty()) {
            MarkdownTable v = new MarkdownTable(List.of("stage", "held-out PSNR-Y", "bicubic", "blockiness",
                    "bicubic blockiness", "images", "model kept"), List.of(L, R, R, R, R, R, L));
            state.validation().forEach((k, x) -> v.add(k, f2(x.psnrY), f2(x.bicubicPsnrY), f2(x.blockinessY),
                    f2(x.bicubicBlockinessY), x.images, kept(x)));
            b.append("\n## Validation after each training stage\n\n").append(v).append('\n');
        }
        b.append("\n## Figures\n\n");
        for (String f : figures) b.append("![").append(f).append("](").append(f).append(")\n\n");
        for (ModelReport m : reports) b.append("![comparison ").append(m.stage()).append("](comparison-").append(m.stage()).append(".png)\n\n");
        b.append("Per-image scores: per-image.csv; everything above as JSON: summary.json.\n");
        return b.toString();
    }

    /** Which of its models a stage kept: "round 40, EMA"; "last" for a state written before a stage could choose. */
    private static String kept(RunState.Validation v) {
        if (v.round < 0) return "last";
        return (v.round == 0 ? "start" : "round " + v.round) + ("ema".equals(v.weights) ? ", EMA" : "");
    }

    /** PSNR/SSIM as the paper's tables write them. */
    private static String score(PaperTables.Score s) {
        return String.format(Locale.ROOT, "%.2f/%.4f", s.psnr(), s.ssim());
    }

    private static String f1(double v) { return String.format(Locale.ROOT, "%.1f", v); }
    /** Two decimals; "-" for a figure not measured (blockiness in a state written before it existed). */
    private static String f2(double v) { return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v); }
    private static String f4(double v) { return String.format(Locale.ROOT, "%.4f", v); }
}
