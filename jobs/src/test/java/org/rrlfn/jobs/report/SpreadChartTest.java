package org.rrlfn.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.jfree.data.xy.YIntervalSeries;
import org.junit.jupiter.api.Test;

/** What the spread figure draws: per category the mean ± sample std of its runs and a dot per measured run. */
class SpreadChartTest {
    @Test
    void eachCategoryIsItsMeanWithOneSampleStdAndADotPerMeasuredRun() {
        SpreadChart.Panel p = new SpreadChart.Panel("gain (dB)",
                List.of(new double[]{1, 2, 3}, new double[]{Double.NaN, 5}, new double[]{Double.NaN}));
        SpreadChart.Data d = SpreadChart.dataset(p);
        YIntervalSeries s = d.spread().getSeries(0);
        assertEquals(2, s.getItemCount(), "a category with no measured run draws nothing");
        // 1, 2, 3: mean 2, sample std sqrt(((1-2)^2 + 0 + (3-2)^2) / 2) = 1.
        assertEquals(0, s.getX(0).doubleValue());
        assertEquals(2, s.getYValue(0), 1e-12);
        assertEquals(1, s.getYLowValue(0), 1e-12);
        assertEquals(3, s.getYHighValue(0), 1e-12);
        // One run: its value, with no bar (a std of one value is undefined).
        assertEquals(1, s.getX(1).doubleValue());
        assertEquals(5, s.getYLowValue(1), 1e-12);
        assertEquals(5, s.getYHighValue(1), 1e-12);
        assertEquals(4, d.runs().getSeries(0).getItemCount(), "one dot per measured run");
    }

    @Test
    void panelsMustGiveValuesForEveryCategory() {
        SpreadChart.Panel p = new SpreadChart.Panel("gain (dB)", List.of(new double[]{1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpreadChart.chart("t", List.of("x2", "x4"), List.of(p), "bicubic"));
        assertEquals("panel gain (dB): 1 categories of values but 2 category names", e.getMessage());
    }
}
