package org.rrlfn.jobs.report;

import java.awt.Color;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Training loss per parameter-averaging round against iteration, one series per training stage. */
public final class TrainingCurveChart {
    static {
        ChartFiles.headless();
    }

    /** One stage's curve: the loss after each averaging round, at the iteration that round ended. */
    public record Stage(String name, long[] iterations, double[] loss) {
        public Stage {
            if (iterations.length != loss.length)
                throw new IllegalArgumentException("stage " + name + ": " + iterations.length + " iterations but "
                        + loss.length + " loss values");
        }
    }

    private TrainingCurveChart() { }

    public static XYSeriesCollection dataset(List<Stage> stages) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Stage s : stages) {
            XYSeries series = new XYSeries(s.name(), false, true);
            for (int i = 0; i < s.loss().length; i++) series.add(s.iterations()[i], s.loss()[i]);
            data.addSeries(series);
        }
        return data;
    }

    /** @param logLoss a logarithmic loss axis, which needs every loss to be positive */
    public static JFreeChart chart(String title, List<Stage> stages, boolean logLoss) {
        if (logLoss) {
            for (Stage s : stages)
                for (double v : s.loss())
                    if (!(v > 0)) throw new IllegalArgumentException("stage " + s.name() + ": loss " + v
                            + " cannot go on a logarithmic axis; plot it with a linear one");
        }
        NumberAxis x = new NumberAxis("Iteration");
        ValueAxis y = logLoss ? new LogarithmicAxis("Loss (log scale)") : new NumberAxis("Loss");
        if (y instanceof NumberAxis n) n.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(dataset(stages), x, y, new XYLineAndShapeRenderer(true, false));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    }
}
