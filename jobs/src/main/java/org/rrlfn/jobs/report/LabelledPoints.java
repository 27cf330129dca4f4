package org.rrlfn.jobs.report;

import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.labels.XYItemLabelGenerator;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Scatter data whose every point carries a name (the model), kept in insertion order so that item i of a
 * series is label i of that series (XYSeries would otherwise sort by x).
 */
public final class LabelledPoints {
    private final XYSeriesCollection data = new XYSeriesCollection();
    private final List<List<String>> labels = new ArrayList<>();

    /** Starts a new series; later {@link #add} calls go to it. */
    public LabelledPoints series(String key) {
        data.addSeries(new XYSeries(key, false, true));
        labels.add(new ArrayList<>());
        return this;
    }

    public LabelledPoints add(String label, double x, double y) {
        if (labels.isEmpty()) throw new IllegalStateException("call series(...) before adding points");
        data.getSeries(data.getSeriesCount() - 1).add(x, y);
        labels.get(labels.size() - 1).add(label);
        return this;
    }

    public XYSeriesCollection data() { return data; }

    public String label(int series, int item) { return labels.get(series).get(item); }

    /** Draws each point's name beside it. */
    XYItemLabelGenerator labelGenerator() {
        return (dataset, series, item) -> label(series, item);
    }
}
