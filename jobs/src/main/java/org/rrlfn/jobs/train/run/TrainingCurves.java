package org.rrlfn.jobs.train.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rrlfn.jobs.report.ChartFiles;
import org.rrlfn.jobs.report.TrainingCurveChart;
import org.rrlfn.jobs.train.config.Stage;

/**
 * The run's loss per averaging round as a PNG, with the validation PSNR-Y of the rounds a stage validated after, stages
 * one after another on a cumulative axis of the steps each stage took (a stage that kept Adam's state continues its
 * step count, which would count the earlier stage twice).
 */
public final class TrainingCurves {
    private TrainingCurves() { }

    public static List<TrainingCurveChart.Stage> series(RunState state) {
        Map<String, List<RunState.MetricRow>> byStage = new LinkedHashMap<>();
        for (RunState.MetricRow r : state.metrics()) byStage.computeIfAbsent(r.stage, k -> new ArrayList<>()).add(r);
        List<TrainingCurveChart.Stage> out = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, List<RunState.MetricRow>> e : byStage.entrySet()) {
            List<RunState.MetricRow> rows = e.getValue();
            long[] it = new long[rows.size()];
            double[] loss = new double[rows.size()];
            List<Integer> validated = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                it[i] = offset + rows.get(i).iteration - rows.get(i).stageStart;
                loss[i] = rows.get(i).loss;
                if (!Double.isNaN(rows.get(i).valPsnrY)) validated.add(i);
            }
            long[] at = validated.stream().mapToLong(i -> it[i]).toArray();
            double[] psnr = validated.stream().mapToDouble(i -> rows.get(i).valPsnrY).toArray();
            offset = it[it.length - 1];
            out.add(new TrainingCurveChart.Stage(e.getKey(), it, loss, at, psnr));
        }
        return out;
    }

    public static void write(RunStore store, RunState state) throws IOException {
        if (state.metrics().isEmpty()) return;
        Path tmp = Files.createTempFile("rrlfn-curves", ".png");
        try {
            ChartFiles.png(TrainingCurveChart.chart("Training loss per averaging round (each stage's own loss),"
                            + " validation PSNR-Y where a stage validated",
                    series(state), true), tmp, 1000, 560);
            store.writeAtomically(RunLayout.CURVES, out -> Files.copy(tmp, out));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
