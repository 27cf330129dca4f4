package org.rrlfn.jobs.train.averaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.rrlfn.jobs.LocalSpark;
import org.rrlfn.jobs.train.model.HalvingSchedule;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;

/**
 * The hook on each worker: a fresh worker network is moved to the driver's iteration before its first step (so the
 * learning-rate schedule continues), and every step's iteration and rate reach the driver.
 */
class WorkerStepsTest {
    @Test
    void aFreshWorkerNetworkContinuesAtTheDriversIterationAndReportsItsRate() {
        try (JavaSparkContext sc = LocalSpark.start("worker-steps")) {
            WorkerSteps steps = new WorkerSteps(sc);
            steps.startAt(100, 2);
            ComputationGraph g = RrlfnModels.create(RrlfnConfig.paper(2).withWidth(8, 1, 4), 1,
                    Adam.builder().learningRateSchedule(new HalvingSchedule(1e-3, 50, 0, 0)).build(), DataType.FLOAT);
            steps.preUpdate((org.nd4j.linalg.dataset.api.DataSet) null, g);
            assertEquals(100, g.getConfiguration().getIterationCount());
            assertEquals(2, g.getConfiguration().getEpochCount());
            g.getConfiguration().setIterationCount(101);   // what the step itself does
            steps.postUpdate((org.nd4j.linalg.dataset.api.DataSet) null, g);
            steps.preUpdate((org.nd4j.linalg.dataset.api.MultiDataSet) null, g);
            assertEquals(101, g.getConfiguration().getIterationCount(), "past the start: left alone");
            steps.postUpdate((org.nd4j.linalg.dataset.api.MultiDataSet) null, g);
            List<WorkerSteps.Step> reported = steps.drain().stream()
                    .sorted(java.util.Comparator.comparingInt(WorkerSteps.Step::iteration)).toList();
            assertEquals(List.of(100, 101), reported.stream().map(WorkerSteps.Step::iteration).toList());
            assertEquals(List.of(2.5e-4, 2.5e-4), reported.stream().map(WorkerSteps.Step::lr).toList(),
                    "1e-3 halved at steps 50 and 100");
            assertTrue(reported.stream().allMatch(st -> st.fitMs() >= 0 && st.slot() == 0), reported.toString());
            assertEquals(List.of(), steps.drain());
        }
    }
}
