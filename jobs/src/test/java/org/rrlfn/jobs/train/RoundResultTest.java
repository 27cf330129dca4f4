package org.rrlfn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.losses.LossConfig;

/**
 * The resident path's state in transit: results summed as Spark's reduce merges them and averaged as DL4J averages
 * (values worked by hand), and a network's whole training state written into another.
 */
class RoundResultTest {
    private static RoundResult result(float[] params, float[] adam, double score, int slot) {
        return RoundResult.of(new WorkerState(params, adam, 7, 0), score,
                List.of(new WorkerSteps.Step(slot, 7, 1e-3, 10.0 * (slot + 1))),
                new RoundResult.SlotReport(slot, "exec" + slot, "10.0.0." + slot, slot == 0, 1, 2, 3, 10));
    }

    @Test
    void threeWorkersSumOnTheWayAndAverageAsDl4jDoes() {
        RoundResult sum = result(new float[]{1, 2}, new float[]{0.5f}, 1, 0)
                .plus(result(new float[]{3, 6}, new float[]{1.5f}, 3, 1))
                .plus(result(new float[]{5, 1}, new float[]{4f}, 8, 2));
        assertEquals(3, sum.workers());
        assertEquals(4.0, sum.score(), 1e-12, "(1 + 3 + 8) / 3");
        WorkerState mean = sum.average(12, 2);
        assertArrayEquals(new float[]{3, 3}, mean.params(), 1e-6f, "(1+3+5)/3, (2+6+1)/3");
        assertArrayEquals(new float[]{2f}, mean.updater(), 1e-6f, "(0.5+1.5+4)/3");
        assertEquals(12, mean.iteration());
        assertEquals(2, mean.epoch());
        assertEquals(List.of(0, 1, 2), sum.steps().stream().map(WorkerSteps.Step::slot).toList());
        assertEquals("executor_10.0.0.1_exec1", sum.slots().get(1).location(), "Spark's TaskLocation form");
    }

    @Test
    void differentlySizedStatesAreRefused() {
        RoundResult a = result(new float[]{1, 2}, new float[]{0}, 0, 0);
        assertThrows(IllegalStateException.class, () -> a.plus(result(new float[]{1}, new float[]{0}, 0, 1)));
    }

    @Test
    void aStateWrittenIntoAnotherNetworkContinuesItsTraining() {
        RrlfnConfig arch = RrlfnConfig.paper(2).withWidth(8, 1, 4);
        Stage stage = new Stage("s", 2, StageInit.SCRATCH, true, 20, 1e-3, 7, LossConfig.l1());
        ComputationGraph trained = ModelInit.fresh(arch, stage, 5);
        for (var d : ModelInitTest.batches(3, 4)) trained.fit(d);
        ComputationGraph other = ModelInit.fresh(arch, stage, 6);
        WorkerState.of(trained).applyTo(other);
        assertEquals(0, ModelInitTest.maxDiff(trained.params(), other.params()));
        assertEquals(0, ModelInitTest.maxDiff(trained.getUpdater().getStateViewArray(), other.getUpdater().getStateViewArray()));
        assertEquals(3, other.getConfiguration().getIterationCount());
        var next = ModelInitTest.batches(1, 9).get(0);
        trained.fit(next);
        other.fit(next);
        assertEquals(0, ModelInitTest.maxDiff(trained.params(), other.params()), "the same next step");
        ComputationGraph wider = ModelInit.fresh(arch.withWidth(12, 1, 4), stage, 5);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WorkerState.of(trained).applyTo(wider));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
    }
}
