package org.rrlfn.jobs.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.rrlfn.common.files.LocalFiles;
import org.rrlfn.jobs.report.ChartFiles;
import org.rrlfn.jobs.report.MarkdownTable;

/**
 * results.csv, results.md (best first, {@link Trial#RANKING}), psnr-by-trial.png and best.conf, ready to train with;
 * under ASHA ({@code rungSteps} not empty) also each trial's rung reached and PSNR per rung, and psnr-by-steps.png.
 */
public final class SweepReport {
    static final String STEPS_CHART = "psnr-by-steps.png";
    static final String BEST = "best.conf";

    private SweepReport() { }

    public static MarkdownTable table(List<Trial> sorted, List<String> keys, List<Long> rungSteps) {
        List<String> headers = new ArrayList<>(List.of("rank", "trial"));
        headers.addAll(keys);
        headers.addAll(List.of("PSNR-Y", "bicubic", "gain dB", "seconds"));
        if (!rungSteps.isEmpty()) headers.add("rung reached");
        for (int k = 0; k < rungSteps.size(); k++) headers.add("rung " + k + " (" + rungSteps.get(k) + " steps)");
        List<MarkdownTable.Align> aligns = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++)
            aligns.add(i >= 2 && i < 2 + keys.size() ? MarkdownTable.Align.LEFT : MarkdownTable.Align.RIGHT);
        MarkdownTable t = new MarkdownTable(headers, aligns);
        for (int r = 0; r < sorted.size(); r++) {
            Trial x = sorted.get(r);
            List<Object> row = new ArrayList<>(List.of(r + 1, x.id()));
            for (String k : keys) row.add(SweepSpace.render(x.point().get(k)));
            row.addAll(List.of(f(x.psnr()), f(x.bicubicPsnr()), String.format(Locale.ROOT, "%+.2f", x.psnr() - x.bicubicPsnr()),
                    String.format(Locale.ROOT, "%.0f", x.seconds())));
            if (!rungSteps.isEmpty()) row.add(reached(x));
            for (int k = 0; k < rungSteps.size(); k++) row.add(k < x.rungPsnr().size() ? f(x.rungPsnr().get(k)) : "");
            t.add(row.toArray());
        }
        return t;
    }

    private static String reached(Trial x) {
        return x.stopped() ? "stopped at rung " + x.rung() : "completed (rung " + x.rung() + ")";
    }

    public static void write(Path dir, List<Trial> sorted, List<String> keys, List<Long> rungSteps) throws IOException {
        StringBuilder csv = new StringBuilder("trial," + String.join(",", keys) + ",psnr_y,bicubic_psnr_y,seconds");
        if (!rungSteps.isEmpty()) csv.append(",rung_reached,stopped");
        for (int k = 0; k < rungSteps.size(); k++) csv.append(",psnr_y_rung").append(k);
        csv.append('\n');
        for (Trial x : sorted) {
            csv.append(x.id());
            for (String k : keys) csv.append(",\"").append(SweepSpace.render(x.point().get(k)).replace("\"", "\"\"")).append('"');
            csv.append(String.format(Locale.ROOT, ",%.4f,%.4f,%.1f", x.psnr(), x.bicubicPsnr(), x.seconds()));
            if (!rungSteps.isEmpty()) csv.append(',').append(x.rung()).append(',').append(x.stopped());
            for (int k = 0; k < rungSteps.size(); k++)
                csv.append(k < x.rungPsnr().size() ? String.format(Locale.ROOT, ",%.4f", x.rungPsnr().get(k)) : ",");
            csv.append('\n');
        }
        LocalFiles.writeString(dir.resolve("results.csv"), csv.toString());
        String ranking = rungSteps.isEmpty() ? "best first" : "furthest rung first, then best";
        Optional<Trial> best = best(sorted, rungSteps);
        LocalFiles.writeString(dir.resolve("results.md"), "# Sweep results (validation PSNR-Y, " + ranking + ")\n\n"
                + (best.isPresent() ? "" : noBest(rungSteps) + "\n\n")
                + table(sorted, keys, rungSteps) + "\n![PSNR by trial](psnr-by-trial.png)\n"
                + (rungSteps.isEmpty() ? "" : "\n![PSNR against steps](" + STEPS_CHART + ")\n"));
        ChartFiles.png(chart(sorted), dir.resolve("psnr-by-trial.png"), 900, 500);
        if (!rungSteps.isEmpty()) ChartFiles.png(stepsChart(sorted, rungSteps), dir.resolve(STEPS_CHART), 900, 500);
        if (best.isEmpty()) {
            Files.deleteIfExists(dir.resolve(BEST));      // an earlier sweep's would name a trial of another ranking
            return;
        }
        writeBest(dir, best.get());
    }

    /**
     * The best trial of a ranked list ({@link Trial#RANKING}): the first; under ASHA only a trial that reached the last
     * rung (its whole schedule) counts, and none may have.
     */
    public static Optional<Trial> best(List<Trial> sorted, List<Long> rungSteps) {
        return sorted.stream().filter(t -> rungSteps.isEmpty() || t.rung() == rungSteps.size() - 1).findFirst();
    }

    /** What the report says in place of a best trial. */
    public static String noBest(List<Long> rungSteps) {
        return "No trial reached the last rung (" + rungSteps.get(rungSteps.size() - 1) + " steps), so there is no best"
                + " trial and no " + BEST + ": the scheduler promoted too few (more trials or a smaller"
                + " rrlfn.sweep.asha.reduction-factor).";
    }

    private static void writeBest(Path dir, Trial best) throws IOException {
        StringBuilder conf = new StringBuilder("# Best trial of the sweep (" + best.id() + ", validation PSNR-Y "
                + f(best.psnr()) + " dB): its overrides, ready for `rrlfn train --config best.conf`.\n");
        for (String o : SweepSpace.asOverrides(best.point())) {
            int eq = o.indexOf('=');
            String v = o.substring(eq + 1);
            boolean raw = v.startsWith("[") || v.startsWith("{") || v.matches("-?[0-9.eE+-]+|true|false");
            conf.append(o, 0, eq).append(" = ").append(raw ? v : "\"" + v.replace("\"", "\\\"") + "\"").append('\n');
        }
        LocalFiles.writeString(dir.resolve(BEST), conf.toString());
    }

    private static JFreeChart chart(List<Trial> sorted) {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        for (Trial t : sorted) {
            d.addValue(t.psnr(), "RRLFN", t.id());
            d.addValue(t.bicubicPsnr(), "bicubic", t.id());
        }
        JFreeChart c = ChartFactory.createBarChart("Sweep: validation PSNR-Y per trial (best first)", "trial",
                "PSNR-Y (dB)", d, PlotOrientation.VERTICAL, true, false, false);
        var range = c.getCategoryPlot().getRangeAxis();
        double lo = sorted.stream().mapToDouble(t -> Math.min(t.psnr(), t.bicubicPsnr())).min().orElse(0);
        double hi = sorted.stream().mapToDouble(t -> Math.max(t.psnr(), t.bicubicPsnr())).max().orElse(1);
        range.setRange(Math.floor(lo - 1), Math.ceil(hi + 0.5));
        return c;
    }

    /** One line per trial through its rungs, ending at the rung where it stopped; steps on a log axis, as rungs grow by η. */
    private static JFreeChart stepsChart(List<Trial> sorted, List<Long> rungSteps) {
        XYSeriesCollection d = new XYSeriesCollection();
        for (Trial t : sorted) {
            XYSeries s = new XYSeries(t.id());
            for (int k = 0; k < t.rungPsnr().size(); k++) s.add(rungSteps.get(k).doubleValue(), t.rungPsnr().get(k));
            d.addSeries(s);
        }
        JFreeChart c = ChartFactory.createXYLineChart("Sweep (ASHA): validation PSNR-Y at each rung", "training steps",
                "PSNR-Y (dB)", d, PlotOrientation.VERTICAL, true, false, false);
        c.getXYPlot().setDomainAxis(new LogAxis("training steps"));
        ((org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) c.getXYPlot().getRenderer()).setDefaultShapesVisible(true);
        c.getXYPlot().getRangeAxis().setAutoRange(true);
        ((org.jfree.chart.axis.NumberAxis) c.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
        return c;
    }

    private static String f(double v) { return String.format(Locale.ROOT, "%.2f", v); }
}
