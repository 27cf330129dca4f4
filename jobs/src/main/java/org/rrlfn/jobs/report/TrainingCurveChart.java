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

/**
 * Training loss per parameter-averaging round against iteration, one series per training stage; where stages validated
 * during training, their validation PSNR-Y as points on a second axis at the right.
 */
public final class TrainingCurveChart {
    static {
        ChartFiles.headless();
    }

    /**
     * One stage's curve: the loss after each averaging round, at the iteration that round ended, and the validation
     * PSNR-Y at the iterations it validated (none where it did not).
     */
    public record Stage(String name, long[] iterations, double[] loss, long[] validatedAt, double[] validationPsnr) {
        public Stage {
            if (iterations.length != loss.length)
                throw new IllegalArgumentException("stage " + name + ": " + iterations.length + " iterations but "
                        + loss.length + " loss values");
            if (validatedAt.length != validationPsnr.length)
                throw new IllegalArgumentException("stage " + name + ": " + validatedAt.length + " validations but "
                        + validationPsnr.length + " PSNR values");
        }

        public Stage(String name, long[] iterations, double[] loss) {
            this(name, iterations, loss, new long[0], new double[0]);
        }
    }

    private TrainingCurveChart() { }

    /** Each stage's validation PSNR-Y, one series per stage that validated. */
    public static XYSeriesCollection validation(List<Stage> stages) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Stage s : stages) {
            if (s.validatedAt().length == 0) continue;
            XYSeries series = new XYSeries(s.name() + " validation PSNR-Y", false, true);
            for (int i = 0; i < s.validatedAt().length; i++) series.add(s.validatedAt()[i], s.validationPsnr()[i]);
            data.addSeries(series);
        }
        return data;
    }

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
        XYSeriesCollection psnr = validation(stages);
        if (psnr.getSeriesCount() > 0) {
            NumberAxis right = new NumberAxis("Validation PSNR-Y (dB)");
            right.setAutoRangeIncludesZero(false);
            plot.setRangeAxis(1, right);
            plot.setDataset(1, psnr);
            plot.mapDatasetToRangeAxis(1, 1);
            plot.setRenderer(1, new XYLineAndShapeRenderer(true, true));
        }
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    }
}
