package org.rrlfn.jobs.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.rrlfn.common.files.LocalFiles;
import org.rrlfn.jobs.report.ChartFiles;
import org.rrlfn.jobs.report.MarkdownTable;

/** results.csv, results.md (sorted by PSNR), psnr-by-trial.png and best.conf, ready to train with. */
public final class SweepReport {
    private SweepReport() { }

    public static MarkdownTable table(List<Trial> sorted, List<String> keys) {
        List<String> headers = new ArrayList<>(List.of("rank", "trial"));
        headers.addAll(keys);
        headers.addAll(List.of("PSNR-Y", "bicubic", "gain dB", "seconds"));
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
            t.add(row.toArray());
        }
        return t;
    }

    public static void write(Path dir, List<Trial> sorted, List<String> keys) throws IOException {
        StringBuilder csv = new StringBuilder("trial," + String.join(",", keys) + ",psnr_y,bicubic_psnr_y,seconds\n");
        for (Trial x : sorted) {
            csv.append(x.id());
            for (String k : keys) csv.append(",\"").append(SweepSpace.render(x.point().get(k)).replace("\"", "\"\"")).append('"');
            csv.append(String.format(Locale.ROOT, ",%.4f,%.4f,%.1f%n", x.psnr(), x.bicubicPsnr(), x.seconds()));
        }
        LocalFiles.writeString(dir.resolve("results.csv"), csv.toString());
        LocalFiles.writeString(dir.resolve("results.md"), "# Sweep results (validation PSNR-Y, best first)\n\n"
                + table(sorted, keys) + "\n![PSNR by trial](psnr-by-trial.png)\n");
        ChartFiles.png(chart(sorted), dir.resolve("psnr-by-trial.png"), 900, 500);
        Trial best = sorted.get(0);
        StringBuilder conf = new StringBuilder("# Best trial of the sweep (" + best.id() + ", validation PSNR-Y "
                + f(best.psnr()) + " dB): its overrides, ready for `rrlfn train --config best.conf`.\n");
        for (String o : SweepSpace.asOverrides(best.point())) {
            int eq = o.indexOf('=');
            String v = o.substring(eq + 1);
            boolean raw = v.startsWith("[") || v.startsWith("{") || v.matches("-?[0-9.eE+-]+|true|false");
            conf.append(o, 0, eq).append(" = ").append(raw ? v : "\"" + v.replace("\"", "\\\"") + "\"").append('\n');
        }
        LocalFiles.writeString(dir.resolve("best.conf"), conf.toString());
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

    private static String f(double v) { return String.format(Locale.ROOT, "%.2f", v); }
}
