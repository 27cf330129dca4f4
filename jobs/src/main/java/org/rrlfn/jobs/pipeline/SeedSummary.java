package org.rrlfn.jobs.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rrlfn.common.UserError;
import org.rrlfn.common.files.LocalFiles;
import org.rrlfn.jobs.report.ChartFiles;
import org.rrlfn.jobs.report.MarkdownTable;
import org.rrlfn.jobs.report.Spread;
import org.rrlfn.jobs.report.SpreadChart;
import org.rrlfn.jobs.train.run.RunState;

/**
 * The figures of runs that differ only in their seed, side by side: each figure's mean, sample standard deviation
 * (n − 1) and min–max over the seeds, ours and bicubic's on the same images. From each run, the validation after every
 * stage (its state file: PSNR-Y and blockiness on prepare's validation photos); from each fuse-eval report
 * (summary.json), PSNR-Y, SSIM-Y and blockiness per model and evaluation set (the test photos).
 * Written as summary.md, summary.csv (one row per figure), per-seed.csv (one row per seed and figure) and spread.png.
 */
final class SeedSummary {
    static final String MARKDOWN = "summary.md", CSV = "summary.csv", PER_SEED = "per-seed.csv", CHART = "spread.png";
    /** The set name of the per-stage validation figures (fuse-eval's sets have their own names). */
    static final String VALIDATION = "validation";
    static final String PSNR = "PSNR-Y", SSIM = "SSIM-Y", BLOCKINESS = "blockiness";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MarkdownTable.Align L = MarkdownTable.Align.LEFT, R = MarkdownTable.Align.RIGHT;

    private SeedSummary() { }

    /** One figure of one seed's run, with bicubic's on the same images. */
    record Figure(String set, String model, int scale, String metric, double ours, double bicubic) {
        String key() { return set + "\u0000" + model + "\u0000" + scale + "\u0000" + metric; }
    }

    /** What one seed's run and report measured. */
    record Seed(long seed, List<Figure> figures) { }

    /** One figure over the seeds, ours and bicubic's per seed (NaN where a seed has none). */
    record Across(String set, String model, int scale, String metric, double[] ours, double[] bicubic) {
        Spread oursSpread() { return Spread.of(ours); }

        Spread bicubicSpread() { return Spread.of(bicubic); }

        /** Ours − bicubic's per seed: the gain in dB for PSNR, below 0 for a blockiness under bicubic's. */
        double[] difference() {
            double[] d = new double[ours.length];
            for (int i = 0; i < d.length; i++) d[i] = ours[i] - bicubic[i];
            return d;
        }

        Spread differenceSpread() { return Spread.of(difference()); }
    }

    /**
     * A seed's figures: the validation of each finished stage (scale from {@code stageScales}) and its report's sets.
     */
    static Seed read(long seed, RunState state, Map<String, Integer> stageScales, Path reportSummary) throws IOException {
        List<Figure> figures = new ArrayList<>();
        state.validation().forEach((stage, v) -> {
            int scale = stageScales.getOrDefault(stage, 0);
            figures.add(new Figure(VALIDATION, stage, scale, PSNR, v.psnrY, v.bicubicPsnrY));
            figures.add(new Figure(VALIDATION, stage, scale, BLOCKINESS, v.blockinessY, v.bicubicBlockinessY));
        });
        JsonNode summary;
        try {
            summary = JSON.readTree(reportSummary.toFile());
        } catch (IOException e) {
            throw new UserError(reportSummary + ": cannot read fuse-eval's summary (" + e.getMessage() + "); delete the"
                    + " seed's report folder to evaluate it again");
        }
        for (JsonNode m : summary.path("models"))
            for (JsonNode s : m.path("sets")) {
                String set = s.path("set").asText(), model = m.path("stage").asText();
                int scale = m.path("scale").asInt();
                figures.add(new Figure(set, model, scale, PSNR, number(s, "psnr"), number(s, "bicubicPsnr")));
                figures.add(new Figure(set, model, scale, SSIM, number(s, "ssim"), number(s, "bicubicSsim")));
                figures.add(new Figure(set, model, scale, BLOCKINESS, number(s, "blockiness"), number(s, "bicubicBlockiness")));
            }
        return new Seed(seed, figures);
    }

    private static double number(JsonNode n, String field) {
        return n.path(field).isNumber() ? n.path(field).asDouble() : Double.NaN;
    }

    /** Every figure any seed measured, in the order the first seed that has it lists it; NaN where a seed has none. */
    static List<Across> across(List<Seed> seeds) {
        Map<String, Figure> first = new LinkedHashMap<>();
        for (Seed s : seeds) for (Figure f : s.figures()) first.putIfAbsent(f.key(), f);
        List<Across> out = new ArrayList<>();
        for (Figure f : first.values()) {
            double[] ours = new double[seeds.size()], bicubic = new double[seeds.size()];
            for (int i = 0; i < seeds.size(); i++) {
                Figure mine = seeds.get(i).figures().stream().filter(g -> g.key().equals(f.key())).findFirst().orElse(null);
                ours[i] = mine == null ? Double.NaN : mine.ours();
                bicubic[i] = mine == null ? Double.NaN : mine.bicubic();
            }
            out.add(new Across(f.set(), f.model(), f.scale(), f.metric(), ours, bicubic));
        }
        return out;
    }

    /** Writes the four files; returns the Markdown tables of the evaluation sets, what the pipeline prints. */
    static String write(Path dir, List<Seed> seeds, RunConditions conditions) throws IOException {
        List<Across> all = across(seeds);
        LocalFiles.writeString(dir.resolve(CSV), csv(all));
        LocalFiles.writeString(dir.resolve(PER_SEED), perSeedCsv(seeds));
        ChartFiles.png(chart(all, seeds.size()), dir.resolve(CHART), 1000, 700);
        String sets = setTables(all);
        LocalFiles.writeString(dir.resolve(MARKDOWN), markdown(seeds, all, sets, conditions));
        return sets;
    }

    static String csv(List<Across> all) {
        StringBuilder b = new StringBuilder("set,model,scale,metric,seeds,mean,sample_std,min,max,bicubic_mean,"
                + "difference_mean,difference_sample_std,difference_min,difference_max\n");
        for (Across a : all) {
            Spread o = a.oursSpread(), d = a.differenceSpread();
            b.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%d,%s,%s,%s,%s,%s,%s,%s,%s,%s%n", a.set(), a.model(), a.scale(),
                    a.metric(), o.n(), n(o.mean()), n(o.std()), n(o.min()), n(o.max()), n(a.bicubicSpread().mean()),
                    n(d.mean()), n(d.std()), n(d.min()), n(d.max())));
        }
        return b.toString();
    }

    private static String perSeedCsv(List<Seed> seeds) {
        StringBuilder b = new StringBuilder("seed,set,model,scale,metric,value,bicubic\n");
        for (Seed s : seeds)
            for (Figure f : s.figures())
                b.append(String.format(Locale.ROOT, "%d,%s,%s,%d,%s,%s,%s%n", s.seed(), f.set(), f.model(), f.scale(),
                        f.metric(), n(f.ours()), n(f.bicubic())));
        return b.toString();
    }

    /** A CSV number: six decimals, empty for none. */
    private static String n(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    /** Per evaluation set: a row per model, each cell mean ± std (min – max) over the seeds. */
    private static String setTables(List<Across> all) {
        StringBuilder b = new StringBuilder();
        for (String set : all.stream().map(Across::set).filter(s -> !s.equals(VALIDATION)).distinct().toList()) {
            MarkdownTable t = new MarkdownTable(List.of("model", "scale", "set", "seeds", "PSNR-Y ours", "SSIM-Y ours",
                    "blockiness ours", "PSNR-Y bicubic", "SSIM-Y bicubic", "blockiness bicubic", "gain dB",
                    "blockiness − bicubic"), List.of(L, R, L, R, R, R, R, R, R, R, R, R));
            for (String model : models(all, set)) {
                Across p = find(all, set, model, PSNR), s = find(all, set, model, SSIM), k = find(all, set, model, BLOCKINESS);
                t.add(model, "x" + p.scale(), set, p.oursSpread().n(), p.oursSpread().render(2, false),
                        s.oursSpread().render(4, false), k.oursSpread().render(2, false), p.bicubicSpread().render(2, false),
                        s.bicubicSpread().render(4, false), k.bicubicSpread().render(2, false),
                        p.differenceSpread().render(2, true), k.differenceSpread().render(2, true));
            }
            b.append(t);
        }
        return b.toString();
    }

    private static List<String> models(List<Across> all, String set) {
        return all.stream().filter(a -> a.set().equals(set)).map(Across::model).distinct().toList();
    }

    private static Across find(List<Across> all, String set, String model, String metric) {
        return all.stream().filter(a -> a.set().equals(set) && a.model().equals(model) && a.metric().equals(metric))
                .findFirst().orElseThrow();
    }

    private static String markdown(List<Seed> seeds, List<Across> all, String sets, RunConditions conditions) {
        String seedList = String.join(", ", seeds.stream().map(s -> String.valueOf(s.seed())).toList());
        StringBuilder b = new StringBuilder("# The schedule over " + seeds.size() + " seeds\n\n");
        b.append("Seeds ").append(seedList).append("; each seed's run and fuse-eval report are seed-N/run and seed-N/report."
                + " Each cell: mean ± sample standard deviation (n − 1) (min – max) over the seeds; one figure when every"
                + " seed gave the same. Y channel, border cropped by the scale; blockiness as fuse-eval measures it (a photo"
                + " scores about 1; below bicubic's is better). gain dB and blockiness − bicubic: ours minus bicubic's,"
                + " per seed.\n\n");
        b.append("## Evaluation sets (fuse-eval)\n\n").append(sets).append('\n');
        MarkdownTable v = new MarkdownTable(List.of("stage", "scale", "seeds", "PSNR-Y ours", "blockiness ours",
                "PSNR-Y bicubic", "blockiness bicubic", "gain dB", "blockiness − bicubic"), List.of(L, R, R, R, R, R, R, R, R));
        for (String stage : models(all, VALIDATION)) {
            Across p = find(all, VALIDATION, stage, PSNR), k = find(all, VALIDATION, stage, BLOCKINESS);
            v.add(stage, "x" + p.scale(), p.oursSpread().n(), p.oursSpread().render(2, false),
                    k.oursSpread().render(2, false), p.bicubicSpread().render(2, false), k.bicubicSpread().render(2, false),
                    p.differenceSpread().render(2, true), k.differenceSpread().render(2, true));
        }
        b.append("## Validation after each stage (prepare's validation photos)\n\n").append(v).append('\n');
        b.append("## Per seed\n\n").append(perSeedTable(seeds, all)).append('\n');
        b.append("![mean and spread over the seeds](").append(CHART).append(")\n\n");
        b.append("## When a run repeats exactly\n\n").append(CONDITIONS).append("\nWhere these runs trained (the driver's"
                + " machine; on a cluster, the executors' CPUs and threads decide):\n\n").append(conditions.markdown());
        return b.toString();
    }

    /**
     * What the seed changes and what else a bit-for-bit repeat needs: the claim SeedDeterminismTest checks, and the
     * conditions under which it holds.
     */
    static final String CONDITIONS = "The seed (rrlfn.train.seed) draws the weights a stage starts from (all of them from"
            + " scratch with the pytorch start; the blocks' weights, which the smooth starts' zero body conv hides at step 0,"
            + " and a new upsampler's with the pytorch start), the order in which each epoch visits the sub-images, and"
            + " every crop, flip/rotation and channel shuffle. It does not change the photos' split into training,"
            + " validation and test, nor the contrastive loss's fixed extractor (rrlfn.train.contrastive.seed). Two runs"
            + " with the same seed give the same models bit for bit on the same kind of CPU with the same instruction set"
            + " for the kernels (AVX2 or AVX-512; DNNL_MAX_CPU_ISA caps oneDNN's, ATEN_CPU_CAPABILITY the torch engine's"
            + " ATen kernels), the same engine (rrlfn.train.engine) and build (rrlfn jar and natives), the same threads"
            + " per worker, and the same workers, batch and averaging path. On another CPU kind or engine the"
            + " kernels round differently in the last bits and training carries the difference into the figures.\n";

    /** Rows: seeds; columns: PSNR-Y and blockiness of every evaluated model, then each stage's validation PSNR-Y. */
    private static MarkdownTable perSeedTable(List<Seed> seeds, List<Across> all) {
        List<Across> columns = new ArrayList<>();
        for (Across a : all)
            if (!a.set().equals(VALIDATION) && !a.metric().equals(SSIM)) columns.add(a);
        for (Across a : all)
            if (a.set().equals(VALIDATION) && a.metric().equals(PSNR)) columns.add(a);
        List<String> head = new ArrayList<>(List.of("seed"));
        List<MarkdownTable.Align> align = new ArrayList<>(List.of(R));
        for (Across a : columns) {
            head.add(a.set() + " " + a.model() + " " + a.metric());
            align.add(R);
        }
        MarkdownTable t = new MarkdownTable(head, align);
        for (int i = 0; i < seeds.size(); i++) {
            List<Object> row = new ArrayList<>(List.of(seeds.get(i).seed()));
            for (Across a : columns)
                row.add(Double.isNaN(a.ours()[i]) ? "-" : String.format(Locale.ROOT, "%.2f", a.ours()[i]));
            t.add(row.toArray());
        }
        return t;
    }

    /** Ours − bicubic per seed: PSNR-Y (dB) and blockiness, each stage's validation then each evaluated model. */
    private static org.jfree.chart.JFreeChart chart(List<Across> all, int seeds) {
        List<String> categories = new ArrayList<>();
        List<double[]> gain = new ArrayList<>(), blockiness = new ArrayList<>();
        for (Across p : all) {
            if (!p.metric().equals(PSNR)) continue;
            Across k = find(all, p.set(), p.model(), BLOCKINESS);
            categories.add((p.set().equals(VALIDATION) ? "val " : p.set() + " ") + p.model());
            gain.add(p.difference());
            blockiness.add(k.difference());
        }
        return SpreadChart.chart("Over " + seeds + " seeds: ours − bicubic per seed (dots), mean ± sample std (bars)",
                categories, List.of(new SpreadChart.Panel("PSNR-Y gain (dB)", gain),
                        new SpreadChart.Panel("blockiness − bicubic's", blockiness)), "bicubic");
    }
}
