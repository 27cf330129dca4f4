package org.rrlfn.jobs.train.averaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rrlfn.jobs.train.model.ModelInitTest.batches;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.core.loader.impl.SerializedDataSetLoader;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.rrlfn.jobs.LocalSpark;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.config.StageInit;
import org.rrlfn.jobs.train.config.Sync;
import org.rrlfn.jobs.train.model.ModelInit;
import org.rrlfn.model.Engine;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.losses.LossConfig;

/**
 * sync = gradients, as DistributedDataParallel: two ranks each fitting a minibatch of 2 with their gradients
 * all-reduced before every update train exactly as one worker fitting the union, a minibatch of 4, for 10 steps over
 * two rounds (a halving of the learning rate inside the second).
 */
public class GradientSyncTest {
    private static final RrlfnConfig ARCH = RrlfnConfig.paper(2).withWidth(8, 1, 4);
    private static final Stage STAGE = new Stage("s", 2, StageInit.SCRATCH, true, 20, 1e-3, 7, LossConfig.l1());
    private static final int STEPS = 5;
    @TempDir File dir;

    private static ComputationGraph fresh(Engine engine) {
        ComputationGraph g = ModelInit.fresh(ARCH, STAGE, 5);
        RrlfnModels.useEngine(g, engine, "cpu");
        return g;
    }

    private static double relative(INDArray expected, INDArray actual) {
        return actual.sub(expected).norm2Number().doubleValue() / expected.norm2Number().doubleValue();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void twoRanksOfHalfMinibatchesTrainAsOneWorkerOfTheWholeMinibatch(Engine engine) throws Exception {
        try (JavaSparkContext sc = LocalSpark.start("gradient-sync", "local[2]")) {
            assertTwoRanksTrainAsOneWorker(sc, dir, engine);
        }
    }

    /**
     * Two ranks on {@code sc} (two free task slots) with their gradients all-reduced, against one worker fitting the
     * union of their minibatches, from the same start; {@code dir} holds the minibatch files (executors read them).
     */
    public static void assertTwoRanksTrainAsOneWorker(JavaSparkContext sc, File dir, Engine engine) throws Exception {
        List<DataSet> halves = batches(2 * 2 * STEPS, 21);
        List<String> recipes = ParameterAveragingTest.shards(dir, halves);
        ComputationGraph synced = fresh(engine);
        try (AveragingRounds rounds = new BarrierAveraging(sc, synced, 2, 1, new SerializedDataSetLoader(),
                Sync.GRADIENTS)) {
            for (int r = 0; r < 2; r++) rounds.fit(recipes.subList(2 * STEPS * r, 2 * STEPS * (r + 1)));
            rounds.pull();
        }
        // Round r gives rank 0 recipes [2rS, 2rS + S) and rank 1 the next S: step k of the round is their k-th each.
        ComputationGraph whole = fresh(engine);
        for (int r = 0; r < 2; r++)
            for (int k = 0; k < STEPS; k++) {
                List<DataSet> union = new ArrayList<>(List.of(halves.get(2 * STEPS * r + k),
                        halves.get(2 * STEPS * r + STEPS + k)));
                whole.fit(DataSet.merge(union));
            }
        assertEquals(2 * STEPS, synced.getConfiguration().getIterationCount());
        double p = relative(whole.params(), synced.params());
        double a = relative(whole.getUpdater().getStateViewArray(), synced.getUpdater().getStateViewArray());
        assertTrue(p <= 1e-5, "||params - one worker's|| / ||one worker's|| = " + p);
        assertTrue(a <= 1e-5, "Adam state, relative: " + a);
        assertTrue(relative(fresh(engine).params(), synced.params()) > 1e-4, "training must move the parameters");
    }
}
