package org.rrlfn.jobs.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Predicted parallel efficiency against executor count (log scale), one curve per averaging path, executor kind and
 * frequency.
 */
public final class ScalingChart {
    static {
        ChartFiles.headless();
    }

    /**
     * One curve: efficiency (0..1) at each executor count; {@code colour} indexes the palette (one per averaging
     * frequency), {@code dashed} marks the second executor kind, {@code thin} a path shown for comparison.
     */
    public record Curve(String name, int colour, boolean dashed, boolean thin, List<Integer> executors,
                        double[] efficiency) {
        public Curve {
            if (executors.size() != efficiency.length)
                throw new IllegalArgumentException("curve " + name + ": " + executors.size() + " executor counts but "
                        + efficiency.length + " efficiencies");
        }
    }

    private static final Color[] PALETTE = {new Color(0xD6, 0x27, 0x28), new Color(0x1F, 0x77, 0xB4),
        new Color(0x2C, 0xA0, 0x2C), new Color(0x94, 0x67, 0xBD)};

    private ScalingChart() { }

    public static XYSeriesCollection dataset(List<Curve> curves) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Curve c : curves) {
            XYSeries s = new XYSeries(c.name(), false, true);
            for (int i = 0; i < c.efficiency().length; i++) s.add(c.executors().get(i).doubleValue(), 100 * c.efficiency()[i]);
            data.addSeries(s);
        }
        return data;
    }

    public static JFreeChart chart(String title, List<Curve> curves) {
        LogAxis x = new LogAxis("Executors (log scale)");
        x.setBase(2);
        x.setTickUnit(new NumberTickUnit(1));
        x.setNumberFormatOverride(new java.text.DecimalFormat("0"));
        NumberAxis y = new NumberAxis("Efficiency (%)");
        y.setRange(0, 100);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            r.setSeriesPaint(i, PALETTE[c.colour() % PALETTE.length]);
            float width = c.thin() ? 0.8f : 2.5f;
            r.setSeriesStroke(i, c.dashed() ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[]{6f, 4f}, 0f) : new BasicStroke(width));
        }
        XYPlot plot = new XYPlot(dataset(curves), x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    }
}
