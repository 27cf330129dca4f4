package org.rrlfn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.core.loader.impl.SerializedDataSetLoader;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingHook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.rrlfn.common.spark.HadoopConf;
import org.rrlfn.jobs.LocalSpark;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.losses.LossConfig;

/**
 * One resident task run by hand, as an executor runs it: the slot's network is built once, found again by the next
 * task of its session, dropped when its session is no longer live or its task failed; whichever network runs the
 * task, the result is the same, because every task starts from the broadcast state.
 */
class ResidentRoundTest {
    private static final RrlfnConfig ARCH = RrlfnConfig.paper(2).withWidth(8, 1, 4);
    private static final Stage STAGE = new Stage("s", 2, StageInit.SCRATCH, true, 20, 1e-3, 7, LossConfig.l1());
    @TempDir File dir;

    private static RoundResult run(ResidentRound task, List<String> recipes) throws Exception {
        return task.call(1, List.of(recipes).iterator()).next();
    }

    @Test
    void aKeptNetworkTrainsExactlyWhatAFreshOneWould() throws Exception {
        List<String> recipes = ParameterAveragingTest.shards(dir, ModelInitTest.batches(3, 21));
        ComputationGraph net = ModelInit.fresh(ARCH, STAGE, 5);
        net.getConfiguration().setIterationCount(40);   // a later round of the stage
        String session = "test-" + UUID.randomUUID();
        int held = WorkerNetworks.held();
        try (JavaSparkContext sc = LocalSpark.start("resident-round", "local[1]")) {
            Broadcast<WorkerSetup> setup = sc.broadcast(new WorkerSetup(session, net.getConfiguration(),
                    new SerializedDataSetLoader(), 1, new HadoopConf(sc.hadoopConfiguration())));
            Broadcast<WorkerState> state = sc.broadcast(WorkerState.of(net));
            ResidentRound task = new ResidentRound(setup, state, Set.of(session), List.of());

            RoundResult built = run(task, recipes), kept = run(task, recipes);
            assertTrue(built.slots().get(0).built());
            assertFalse(kept.slots().get(0).built(), "the second task of the slot finds its network");
            assertEquals(held + 1, WorkerNetworks.held());
            assertArrayEquals(built.params(), kept.params(), "a kept network trains from the broadcast state");
            assertArrayEquals(built.updater(), kept.updater());
            assertEquals(List.of(40, 41, 42), kept.steps().stream().map(WorkerSteps.Step::iteration).toList());
            assertEquals(List.of(1, 1, 1), kept.steps().stream().map(WorkerSteps.Step::slot).toList());

            // Plain training from the same state: what every task must have computed.
            ComputationGraph reference = ModelInit.fresh(ARCH, STAGE, 5);
            WorkerState.of(net).applyTo(reference);
            SerializedDataSetLoader loader = new SerializedDataSetLoader();
            for (String r : recipes)
                reference.fit(loader.load(new org.nd4j.common.loader.LocalFileSourceFactory().getSource(
                        new java.net.URI(r).getPath())));
            assertArrayEquals(reference.params().toFloatVector(), kept.params(), 1e-7f);

            // A failed task's network is dropped, not kept half-trained; the next task builds one.
            ResidentRound failing = new ResidentRound(setup, state, Set.of(session), List.of(new FailAtSecondStep()));
            assertThrows(IllegalStateException.class, () -> run(failing, recipes));
            assertEquals(held, WorkerNetworks.held());
            RoundResult rebuilt = run(task, recipes);
            assertTrue(rebuilt.slots().get(0).built());
            assertArrayEquals(built.params(), rebuilt.params());

            // A task of another session drops the networks of sessions the driver no longer runs.
            String next = "test-" + UUID.randomUUID();
            Broadcast<WorkerSetup> nextSetup = sc.broadcast(new WorkerSetup(next, net.getConfiguration(),
                    new SerializedDataSetLoader(), 0, new HadoopConf(sc.hadoopConfiguration())));
            run(new ResidentRound(nextSetup, state, Set.of(next), List.of()), recipes);
            assertEquals(0, WorkerNetworks.release(session), "already dropped by the other session's task");
            assertEquals(1, WorkerNetworks.release(next));
            assertEquals(held, WorkerNetworks.held());
        }
    }

    private static final class FailAtSecondStep implements TrainingHook {
        private int steps;

        @Override public void preUpdate(org.nd4j.linalg.dataset.api.DataSet d, Model m) {
            if (++steps == 2) throw new IllegalStateException("injected failure");
        }
        @Override public void preUpdate(MultiDataSet d, Model m) { }
        @Override public void postUpdate(org.nd4j.linalg.dataset.api.DataSet d, Model m) { }
        @Override public void postUpdate(MultiDataSet d, Model m) { }
    }
}
