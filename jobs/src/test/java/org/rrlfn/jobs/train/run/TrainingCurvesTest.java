package org.rrlfn.jobs.train.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.jobs.report.TrainingCurveChart;
import org.rrlfn.jobs.train.config.Stage;

/** The run's loss curve: stages one after another on one iteration axis, written as a PNG into the run. */
class TrainingCurvesTest {
    @TempDir File dir;

    @Test
    void stagesFollowEachOtherOnOneAxisAndThePngIsWritten() throws Exception {
        RunState state = new RunState();
        state.addRound(new RunState.MetricRow("a", 0, 10, 0.5, 1e-3, 1e-3, 1, 1, 0));
        state.addRound(new RunState.MetricRow("a", 1, 20, 0.4, 1e-3, 1e-3, 1, 1, 0));
        state.addRound(new RunState.MetricRow("b", 0, 5, 0.3, 1e-3, 1e-3, 1, 1, 0));
        List<TrainingCurveChart.Stage> series = TrainingCurves.series(state);
        assertEquals(2, series.size());
        assertArrayEquals(new long[]{10, 20}, series.get(0).iterations());
        assertArrayEquals(new long[]{25}, series.get(1).iterations(), "stage b starts where a ended");
        assertArrayEquals(new double[]{0.3}, series.get(1).loss());

        // Stage c kept b's Adam state (reset-optimizer = false): its step count went on from b's 5.
        state.addRound(new RunState.MetricRow("c", 0, 9, 0.2, 1e-3, 1e-3, 1, 1, 5));
        state.addRound(new RunState.MetricRow("c", 1, 13, 0.1, 1e-3, 1e-3, 1, 1, 5));
        assertArrayEquals(new long[]{29, 33}, TrainingCurves.series(state).get(2).iterations(),
                "c's 4 and 8 steps after b's end, not its optimizer's count");

        assertEquals(0, series.get(0).validatedAt().length, "no stage validated: no PSNR points");
        state.validatedRound("c", validation(1, 40.25));
        TrainingCurveChart.Stage c = TrainingCurves.series(state).get(2);
        assertArrayEquals(new long[]{33}, c.validatedAt(), "at the validated round's place on the axis");
        assertArrayEquals(new double[]{40.25}, c.validationPsnr());
        assertEquals(1, TrainingCurveChart.validation(TrainingCurves.series(state)).getSeriesCount());

        RunStore store = new RunStore(dir.toURI().toString(), new Configuration());
        TrainingCurves.write(store, new RunState());
        assertFalse(new File(dir, RunLayout.CURVES).exists(), "no rows, no chart");
        TrainingCurves.write(store, state);
        byte[] png = Files.readAllBytes(new File(dir, RunLayout.CURVES).toPath());
        assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
    }

    static RunState.Validation validation(int round, double psnr) {
        RunState.Validation v = new RunState.Validation();
        v.round = round;
        v.psnrY = psnr;
        v.blockinessY = 1.25;
        return v;
    }
}
