package org.rrlfn.jobs.train.averaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.core.loader.impl.SerializedDataSetLoader;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingHook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.rrlfn.common.spark.HadoopConf;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.config.StageInit;
import org.rrlfn.jobs.train.model.ModelInit;
import org.rrlfn.jobs.train.model.ModelInitTest;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.losses.LossConfig;

/**
 * A rank's trainer reads ahead on its own thread but fits its recipes in their order, at consecutive steps from
 * the state it was given, and a recipe that cannot be read fails the round with the loader's error.
 */
class RankTrainerTest {
    private static final RrlfnConfig ARCH = RrlfnConfig.paper(2).withWidth(8, 1, 4);
    private static final Stage STAGE = new Stage("s", 2, StageInit.SCRATCH, true, 20, 1e-3, 7, LossConfig.l1());
    @TempDir File dir;

    /** The first feature value of every minibatch fitted, in fitting order. */
    private static final class Order implements TrainingHook {
        final List<Float> seen = new ArrayList<>();

        @Override public void preUpdate(org.nd4j.linalg.dataset.api.DataSet d, Model m) {
            seen.add(d.getFeatures().getFloat(0));
        }
        @Override public void preUpdate(MultiDataSet d, Model m) { }
        @Override public void postUpdate(org.nd4j.linalg.dataset.api.DataSet d, Model m) { }
        @Override public void postUpdate(MultiDataSet d, Model m) { }
    }

    @Test
    void readsAheadButFitsInRecipeOrderFromTheGivenStep() throws Exception {
        List<DataSet> data = ModelInitTest.batches(5, 31);
        List<String> recipes = ParameterAveragingTest.shards(dir, data);
        ComputationGraph driver = ModelInit.fresh(ARCH, STAGE, 5);
        driver.getConfiguration().setIterationCount(12);
        WorkerSetup setup = new WorkerSetup(driver.getConfiguration(), new SerializedDataSetLoader(), 2,
                new HadoopConf(new Configuration()));
        try (RankTrainer w = RankTrainer.build(setup)) {
            w.load(WorkerState.of(driver));
            Order order = new Order();
            List<WorkerSteps.Step> steps = w.fit(3, recipes, List.of(order));
            assertEquals(List.of(12, 13, 14, 15, 16), steps.stream().map(WorkerSteps.Step::iteration).toList());
            assertEquals(data.stream().map(d -> d.getFeatures().getFloat(0)).toList(), order.seen, "fitting order");
            assertTrue(steps.stream().allMatch(s -> s.slot() == 3 && s.fitMs() > 0), steps.toString());
            assertEquals(List.of(5e-4, 5e-4, 2.5e-4, 2.5e-4, 2.5e-4), steps.stream().map(WorkerSteps.Step::lr).toList(),
                    "1e-3 halved every 7 steps, at steps 12..16");
            assertEquals(17, w.state().iteration());

            List<String> broken = List.of(recipes.get(0), new File(dir, "missing.ds").toURI().toString());
            IOException e = assertThrows(IOException.class, () -> w.fit(3, broken, List.of()));
            assertTrue(String.valueOf(e.getMessage()).contains("missing.ds"), String.valueOf(e));
        }
    }
}
