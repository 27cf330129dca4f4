package org.rrlfn.jobs.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;

/**
 * The paper's Fig. 7: PSNR on one benchmark against model size or runtime, published models as labelled grey
 * points, ours highlighted. The x axis is logarithmic: sizes span 12K–1774K and runtimes 2–716 ms.
 */
public final class TradeOffChart {
    static {
        ChartFiles.headless();
    }

    public static final String PUBLISHED = "published (paper)";
    public static final String OURS = "ours";

    /** What goes on the x axis. */
    public enum Axis {
        PARAMETERS("Parameters (K)"),
        RUNTIME("Runtime (ms)");

        final String title;

        Axis(String title) { this.title = title; }

        double of(PaperTables.Comparison row) {
            return this == PARAMETERS ? row.paramsK() : row.runtimeMs();
        }

        double of(Ours ours) {
            return this == PARAMETERS ? ours.paramsK() : ours.runtimeMs();
        }
    }

    /** One of our models: its size, runtime and PSNR on the plotted benchmark. */
    public record Ours(String label, double paramsK, double runtimeMs, double psnr) { }

    private TradeOffChart() { }

    /** Series 0: the paper's rows; series 1: ours. */
    public static LabelledPoints dataset(List<PaperTables.Comparison> rows, PaperTables.Benchmark benchmark, Axis axis,
                                         List<Ours> ours) {
        LabelledPoints p = new LabelledPoints().series(PUBLISHED);
        for (PaperTables.Comparison r : rows) p.add(r.model(), axis.of(r), r.score(benchmark).psnr());
        p.series(OURS);
        for (Ours o : ours) p.add(o.label(), axis.of(o), o.psnr());
        return p;
    }

    public static JFreeChart chart(String title, PaperTables.Benchmark benchmark, Axis axis, LabelledPoints points) {
        // LogarithmicAxis ticks at 1, 10, 100 … with plain labels (LogAxis would print fractional powers of 10);
        // the margins keep point labels at the ends inside the plot.
        LogarithmicAxis x = new LogarithmicAxis(axis.title);
        x.setLowerMargin(0.12);
        x.setUpperMargin(0.25);
        NumberAxis y = new NumberAxis("PSNR on " + benchmark + " (dB)");
        y.setAutoRangeIncludesZero(false);

        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        r.setSeriesPaint(0, Color.GRAY);
        r.setSeriesShape(1, new Rectangle2D.Double(-6, -6, 12, 12));
        r.setSeriesPaint(1, new Color(0xD6, 0x27, 0x28));
        r.setSeriesOutlineStroke(1, new BasicStroke(2f));
        r.setDefaultItemLabelGenerator(points.labelGenerator());
        r.setDefaultItemLabelsVisible(true);
        r.setSeriesItemLabelFont(1, new Font(Font.SANS_SERIF, Font.BOLD, 12));

        XYPlot plot = new XYPlot(points.data(), x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    }
}
