package org.rrlfn.jobs.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Figures of repeated runs side by side: per category (a stage, a test set), each run's value as a dot and their mean
 * with a bar of ± one sample standard deviation ({@link Spread}); one panel per quantity, panels sharing the
 * categories, a line at 0 (the quantities are differences from a baseline).
 */
public final class SpreadChart {
    static {
        ChartFiles.headless();
    }

    /** One panel: its axis label and, per category, the runs' values (NaN: not measured there). */
    public record Panel(String axis, List<double[]> values) { }

    /** The mean ± std series and the runs' dots of one panel, for the chart and for checking what it draws. */
    public record Data(YIntervalSeriesCollection spread, XYSeriesCollection runs) { }

    private SpreadChart() { }

    public static Data dataset(Panel p) {
        YIntervalSeries spread = new YIntervalSeries("mean ± sample std");
        XYSeries runs = new XYSeries("each run", false, true);
        for (int i = 0; i < p.values().size(); i++) {
            Spread s = Spread.of(p.values().get(i));
            if (s.n() == 0) continue;
            double sd = Double.isNaN(s.std()) ? 0 : s.std();
            spread.add(i, s.mean(), s.mean() - sd, s.mean() + sd);
            for (double v : p.values().get(i)) if (!Double.isNaN(v)) runs.add(i, v);
        }
        YIntervalSeriesCollection a = new YIntervalSeriesCollection();
        a.addSeries(spread);
        return new Data(a, new XYSeriesCollection(runs));
    }

    /** @param baseline what the line at 0 stands for, e.g. "bicubic" */
    public static JFreeChart chart(String title, List<String> categories, List<Panel> panels, String baseline) {
        for (Panel p : panels)
            if (p.values().size() != categories.size())
                throw new IllegalArgumentException("panel " + p.axis() + ": " + p.values().size() + " categories of values"
                        + " but " + categories.size() + " category names");
        SymbolAxis x = new SymbolAxis(null, categories.toArray(String[]::new));
        x.setGridBandsVisible(false);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(x);
        plot.setGap(12);
        for (int k = 0; k < panels.size(); k++) {
            Data d = dataset(panels.get(k));
            NumberAxis y = new NumberAxis(panels.get(k).axis());
            y.setAutoRangeIncludesZero(true);   // the baseline stays in view
            XYErrorRenderer mean = new XYErrorRenderer();
            mean.setDrawXError(false);
            mean.setSeriesPaint(0, Color.BLACK);
            mean.setErrorStroke(new BasicStroke(2f));
            mean.setCapLength(10);
            XYPlot sub = new XYPlot(d.spread(), null, y, mean);
            XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
            dots.setSeriesPaint(0, new Color(0x1F, 0x77, 0xB4, 160));
            sub.setDataset(1, d.runs());
            sub.setRenderer(1, dots);
            // The legend names each series once, from the first panel.
            mean.setDefaultSeriesVisibleInLegend(k == 0);
            dots.setDefaultSeriesVisibleInLegend(k == 0);
            ValueMarker zero = new ValueMarker(0, Color.GRAY, new BasicStroke(1.2f));
            zero.setLabel(baseline);
            sub.addRangeMarker(zero);
            sub.setBackgroundPaint(Color.WHITE);
            sub.setDomainGridlinePaint(Color.LIGHT_GRAY);
            sub.setRangeGridlinePaint(Color.LIGHT_GRAY);
            plot.add(sub, 1);
        }
        return new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    }
}
