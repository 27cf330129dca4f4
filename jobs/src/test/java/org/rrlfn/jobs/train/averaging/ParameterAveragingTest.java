package org.rrlfn.jobs.train.averaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rrlfn.jobs.train.model.ModelInitTest.batches;
import static org.rrlfn.jobs.train.model.ModelInitTest.maxDiff;

import java.io.File;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.Success$;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.deeplearning4j.core.loader.impl.SerializedDataSetLoader;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.rrlfn.jobs.LocalSpark;
import org.rrlfn.jobs.train.config.Averaging;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.config.StageInit;
import org.rrlfn.jobs.train.config.Sync;
import org.rrlfn.jobs.train.model.ModelInit;
import org.rrlfn.model.Engine;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.losses.LossConfig;

/**
 * Parameter averaging on real Spark must run the optimizer the configuration describes, across rounds: the
 * step count, the learning-rate schedule and Adam's bias correction continue from round to round, through a
 * resume from a checkpoint and through a retried task. References are plain, non-Spark DL4J training. Every oracle
 * runs on every averaging path and on both engines (the reference trains on the same engine); the paths agree with
 * each other; the barrier path builds each rank's network once per stage and ends its tasks with the stage; a stage
 * checkpointed on one engine continues on the other as if it had run there throughout.
 */
class ParameterAveragingTest {
    private static final RrlfnConfig ARCH = RrlfnConfig.paper(2).withWidth(8, 1, 4);
    private static final int FREQ = 5;
    /** lr 1e-3 halved every 7 steps: halvings fall inside rounds 2 and 3. */
    private static final Stage STAGE = new Stage("s", 2, StageInit.SCRATCH, true, 20, 1e-3, 7, LossConfig.l1());
    @TempDir File dir;

    private static ComputationGraph fresh() {
        return ModelInit.fresh(ARCH, STAGE, 5);
    }

    /** A fresh network whose steps run on {@code engine} (and so do those of the workers built from it). */
    private static ComputationGraph fresh(Engine engine) {
        ComputationGraph g = fresh();
        RrlfnModels.useEngine(g, engine, "cpu");
        return g;
    }

    /** Every averaging path on every engine. */
    static Stream<Arguments> pathsAndEngines() {
        return Stream.of(Averaging.values())
                .flatMap(p -> Stream.of(Engine.values()).map(e -> Arguments.of(p, e)));
    }

    private static ParameterAveragingTrainingMaster.Builder master(int workers) {
        return new ParameterAveragingTrainingMaster.Builder(workers, 2).batchSizePerWorker(2).averagingFrequency(FREQ)
                .workerPrefetchNumBatches(0).repartionData(Repartition.Never);
    }

    /** The path over serialized minibatch files; the barrier ranks read one minibatch ahead, as train's do. */
    static AveragingRounds open(Averaging path, JavaSparkContext sc, ComputationGraph net, int workers,
                                TrainingHook... hooks) {
        return switch (path) {
            case BARRIER -> new BarrierAveraging(sc, net, workers, 1, new SerializedDataSetLoader(),
                    Sync.PARAMETERS, hooks);
            case DL4J -> new Dl4jAveraging(sc, net, master(workers), workers, new SerializedDataSetLoader(), hooks);
        };
    }

    /** Each minibatch saved as a file in {@code dir}: the recipes SerializedDataSetLoader reads back. */
    static List<String> shards(File dir, List<DataSet> data) throws Exception {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            File f = new File(dir, String.format("shard-%03d.ds", i));
            try (OutputStream out = new FileOutputStream(f)) { data.get(i).save(out); }
            paths.add(f.toURI().toString());
        }
        return paths;
    }

    private static ComputationGraph sequential(List<DataSet> data, Engine engine) {
        ComputationGraph g = fresh(engine);
        for (DataSet d : data) g.fit(d);
        return g;
    }

    private static void assertSameTraining(ComputationGraph expected, ComputationGraph actual, double tol) {
        assertEquals(expected.getConfiguration().getIterationCount(), actual.getConfiguration().getIterationCount());
        double p = maxDiff(expected.params(), actual.params());
        double a = maxDiff(expected.getUpdater().getStateViewArray(), actual.getUpdater().getStateViewArray());
        assertTrue(p <= tol, "max |params - reference| = " + p);
        assertTrue(a <= tol, "max |Adam state - reference| = " + a);
    }

    /** The closed form lr · ½^⌊t/7⌋, written out independently of the schedule class. */
    private static double lrAt(int t) {
        return 1e-3 / (1 << (t / 7));
    }

    @ParameterizedTest
    @MethodSource("pathsAndEngines")
    void oneWorkerOverFourRoundsEqualsPlainSequentialTraining(Averaging path, Engine engine) throws Exception {
        List<DataSet> data = batches(4 * FREQ, 11);
        List<String> paths = shards(dir, data);
        ComputationGraph net = fresh(engine);
        try (JavaSparkContext sc = LocalSpark.start("averaging-sequential");
             AveragingRounds rounds = open(path, sc, net, 1, new RunsOn(engine))) {
            for (int r = 0; r < 4; r++) {
                AveragingRounds.Round round = rounds.fit(paths.subList(FREQ * r, FREQ * (r + 1)));
                assertEquals(FREQ * r, round.firstIteration());
                assertEquals(FREQ * r + FREQ - 1, round.lastIteration());
                assertEquals(lrAt(FREQ * r), round.firstLr(), 1e-15, "round " + r);
                assertEquals(lrAt(FREQ * r + FREQ - 1), round.lastLr(), 1e-15, "round " + r);
            }
            rounds.pull();
        }
        assertSameTraining(sequential(data, engine), net, 1e-6);
    }

    @ParameterizedTest
    @MethodSource("pathsAndEngines")
    void twoWorkersOverThreeRoundsAverageCopiesSteppedFromTheTrueIteration(Averaging path, Engine engine)
            throws Exception {
        List<DataSet> data = batches(3 * 2 * FREQ, 12);
        List<String> paths = shards(dir, data);
        ComputationGraph net = fresh(engine);
        INDArray params = net.params().dup();
        INDArray adam = net.getUpdater().getStateViewArray().dup();
        try (JavaSparkContext sc = LocalSpark.start("averaging-two-workers");
             AveragingRounds rounds = open(path, sc, net, 2, new RunsOn(engine))) {
            for (int r = 0; r < 3; r++) rounds.fit(paths.subList(2 * FREQ * r, 2 * FREQ * (r + 1)));
            rounds.pull();
        }
        // By hand: each round both copies start from the averaged state at step FREQ·r; worker w fits the
        // w-th half of the round's shards (one partition each, no repartitioning).
        for (int r = 0; r < 3; r++) {
            INDArray sumParams = params.mul(0), sumAdam = adam.mul(0);
            for (int w = 0; w < 2; w++) {
                ComputationGraph copy = fresh(engine);
                copy.setParams(params.dup());
                copy.getUpdater().getStateViewArray().assign(adam);
                copy.getConfiguration().setIterationCount(FREQ * r);
                for (int k = 0; k < FREQ; k++) copy.fit(data.get(2 * FREQ * r + FREQ * w + k));
                sumParams.addi(copy.params());
                sumAdam.addi(copy.getUpdater().getStateViewArray());
            }
            params = sumParams.divi(2);
            adam = sumAdam.divi(2);
        }
        assertTrue(maxDiff(params, net.params()) < 1e-5, "params: " + maxDiff(params, net.params()));
        assertTrue(maxDiff(adam, net.getUpdater().getStateViewArray()) < 1e-5, "Adam state");
        assertEquals(3 * FREQ, net.getConfiguration().getIterationCount());
        assertTrue(maxDiff(params, fresh().params()) > 1e-4, "training must move the parameters");
    }

    /** Two rounds, a checkpoint written and read back, then two more rounds of which one task fails once. */
    @ParameterizedTest
    @MethodSource("pathsAndEngines")
    void resumeFromCheckpointAndTaskRetryContinueTheSameOptimizer(Averaging path, Engine engine)
            throws Exception {
        List<DataSet> data = batches(4 * FREQ, 13);
        List<String> paths = shards(dir, data);
        File checkpoint = new File(dir, "ckpt.zip");
        FailFirstAttempt failure = new FailFirstAttempt();
        AtomicInteger failedTasks = new AtomicInteger();
        ComputationGraph resumed;
        try (JavaSparkContext sc = LocalSpark.start("averaging-resume", "local[1,4]")) {
            sc.sc().addSparkListener(new SparkListener() {
                @Override public void onTaskEnd(SparkListenerTaskEnd e) {
                    if (e.reason() != Success$.MODULE$) failedTasks.incrementAndGet();
                }
            });
            ComputationGraph before = fresh(engine);
            try (AveragingRounds first = open(path, sc, before, 1, new RunsOn(engine))) {
                for (int r = 0; r < 2; r++) first.fit(paths.subList(FREQ * r, FREQ * (r + 1)));
                first.pull();
            }
            RrlfnModels.save(before, checkpoint, true);

            resumed = RrlfnModels.load(checkpoint, true);
            RrlfnModels.useEngine(resumed, engine, "cpu");
            try (AveragingRounds after = open(path, sc, resumed, 1, failure, new RunsOn(engine))) {
                failure.failAt = 2 * FREQ + 2;      // the third step of round 3, after two steps of that attempt
                after.fit(paths.subList(2 * FREQ, 3 * FREQ));
                failure.failAt = -1;
                after.fit(paths.subList(3 * FREQ, 4 * FREQ));
                after.pull();
            }
        }
        assertTrue(failedTasks.get() >= 1, "the injected failure must have failed a task");
        assertSameTraining(sequential(data, engine), resumed, 1e-6);
    }

    /**
     * A stage checkpointed after two rounds on DL4J and resumed on torch for two more (10 steps) ends where the same
     * stage trained on torch throughout does: the checkpoint carries all the optimizer's state, whichever engine
     * wrote it. Within 1e-4 of the parameters' norm (the engines' float rounding, not their optimizer, differs).
     */
    @ParameterizedTest
    @EnumSource(Averaging.class)
    void aStageCheckpointedOnDl4jContinuesOnTorchAsTheAllTorchRun(Averaging path) throws Exception {
        List<DataSet> data = batches(4 * FREQ, 16);
        List<String> paths = shards(dir, data);
        File checkpoint = new File(dir, "dl4j.zip");
        ComputationGraph allTorch = fresh(Engine.TORCH), switched;
        try (JavaSparkContext sc = LocalSpark.start("averaging-engine-switch")) {
            try (AveragingRounds torch = open(path, sc, allTorch, 1, new RunsOn(Engine.TORCH))) {
                for (int r = 0; r < 4; r++) torch.fit(paths.subList(FREQ * r, FREQ * (r + 1)));
                torch.pull();
            }
            ComputationGraph dl4j = fresh(Engine.DL4J);
            try (AveragingRounds first = open(path, sc, dl4j, 1, new RunsOn(Engine.DL4J))) {
                for (int r = 0; r < 2; r++) first.fit(paths.subList(FREQ * r, FREQ * (r + 1)));
                first.pull();
            }
            RrlfnModels.save(dl4j, checkpoint, true);
            switched = RrlfnModels.load(checkpoint, true);
            RrlfnModels.useEngine(switched, Engine.TORCH, "cpu");
            try (AveragingRounds after = open(path, sc, switched, 1, new RunsOn(Engine.TORCH))) {
                for (int r = 2; r < 4; r++) after.fit(paths.subList(FREQ * r, FREQ * (r + 1)));
                after.pull();
            }
        }
        assertEquals(4 * FREQ, switched.getConfiguration().getIterationCount());
        double relative = switched.params().sub(allTorch.params()).norm2Number().doubleValue()
                / allTorch.params().norm2Number().doubleValue();
        assertTrue(relative <= 1e-4, "||params_switched - params_torch|| / ||params_torch|| = " + relative);
        assertTrue(maxDiff(allTorch.params(), fresh().params()) > 1e-4, "training must move the parameters");
    }

    /** The same recipes through the all-reduce and DL4J's master: the same training, to float rounding. */
    @Test
    void theAllReduceGivesDl4jsNetworkAfterThreeRoundsOfTwoWorkers() throws Exception {
        List<DataSet> data = batches(3 * 2 * FREQ, 14);
        List<String> paths = shards(dir, data);
        ComputationGraph barrier = fresh(), dl4j = fresh();
        // Four task slots: a barrier stage holds two of them for all its rounds, DL4J's round jobs need the other two.
        try (JavaSparkContext sc = LocalSpark.start("averaging-paths", "local[4]");
             AveragingRounds a = open(Averaging.BARRIER, sc, barrier, 2);
             AveragingRounds b = open(Averaging.DL4J, sc, dl4j, 2)) {
            for (int r = 0; r < 3; r++) {
                List<String> round = paths.subList(2 * FREQ * r, 2 * FREQ * (r + 1));
                AveragingRounds.Round ra = a.fit(round), rb = b.fit(round);
                assertEquals(rb.loss(), ra.loss(), 1e-6 * Math.abs(rb.loss()), "round " + r + " loss");
                assertEquals(rb.lastLr(), ra.lastLr(), 0, "round " + r + " lr");
            }
            a.pull();
        }
        assertSameTraining(dl4j, barrier, 1e-6);
        assertTrue(maxDiff(barrier.params(), fresh().params()) > 1e-4, "training must move the parameters");
    }

    /**
     * Barrier keeps the state among the workers between pulls: two rounds trained, none pulled, then rank 1's task
     * fails in round 3 while rank 0 waits in the all-reduce. The stage's new tasks start from the state the driver
     * holds, replay the two rounds and the third, and the stage ends where DL4J's uninterrupted path does.
     */
    @Test
    void aRankFailingAfterRoundsTheDriverHasNotPulledReplaysThemToTheSameNetwork() throws Exception {
        List<DataSet> data = batches(3 * 2 * FREQ, 17);
        List<String> paths = shards(dir, data);
        ComputationGraph barrier = fresh(), dl4j = fresh();
        FailFirstAttempt failure = new FailFirstAttempt();
        failure.failAt = 2 * FREQ + 1;
        failure.slot = 1;
        AtomicInteger failedTasks = new AtomicInteger();
        try (JavaSparkContext sc = LocalSpark.start("averaging-replay", "local[4,4]")) {
            sc.sc().addSparkListener(new SparkListener() {
                @Override public void onTaskEnd(SparkListenerTaskEnd e) {
                    if (e.reason() != Success$.MODULE$) failedTasks.incrementAndGet();
                }
            });
            try (AveragingRounds a = open(Averaging.BARRIER, sc, barrier, 2, failure)) {
                for (int r = 0; r < 3; r++) a.fit(paths.subList(2 * FREQ * r, 2 * FREQ * (r + 1)));
                a.pull();
            }
            try (AveragingRounds b = open(Averaging.DL4J, sc, dl4j, 2)) {
                for (int r = 0; r < 3; r++) b.fit(paths.subList(2 * FREQ * r, 2 * FREQ * (r + 1)));
            }
        }
        assertTrue(failedTasks.get() >= 1, "the injected failure must have failed a task");
        assertSameTraining(dl4j, barrier, 1e-6);
    }

    /**
     * Counted, not timed: ten rounds of two ranks build two networks, in the first round, and closing the stage ends
     * its tasks (no job left running); the next stage builds its own.
     */
    @Test
    void barrierRanksBuildTheirNetworksOncePerStageAndEndWithIt() throws Exception {
        int rounds = 10;
        List<String> paths = shards(dir, batches(rounds * 2, 15));
        ComputationGraph net = fresh();
        try (JavaSparkContext sc = LocalSpark.start("averaging-builds")) {
            BarrierAveraging averaging = (BarrierAveraging) open(Averaging.BARRIER, sc, net, 2);
            try (averaging) {
                for (int r = 0; r < rounds; r++) {
                    averaging.fit(paths.subList(2 * r, 2 * r + 2));
                    assertEquals(r == 0 ? 2 : 0, averaging.lastPhases().networksBuilt(), "round " + r);
                }
                assertEquals(2, averaging.networksBuilt());
                assertEquals(1, sc.statusTracker().getActiveJobIds().length, "the stage's one barrier job");
            }
            assertEquals(0, activeJobsAfterTheListenerBus(sc), "the stage's tasks end with it");
            try (AveragingRounds next = open(Averaging.BARRIER, sc, net, 2)) {
                next.fit(paths.subList(0, 2));
                assertEquals(2, next.lastPhases().networksBuilt());
            }
        }
        assertEquals(rounds, net.getConfiguration().getIterationCount() - 1, "ten rounds of one step, then one more");
    }

    /**
     * The active jobs once Spark's status tracker has heard of the ends already decided: it learns of a job's end from
     * the listener bus, asynchronously, after the job's future has completed (seen under load as one job still
     * "active" right after close returned). Bounded: a job that really runs on is still counted after 30 s.
     */
    private static int activeJobsAfterTheListenerBus(JavaSparkContext sc) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sc.statusTracker().getActiveJobIds().length > 0 && System.nanoTime() < deadline) Thread.sleep(50);
        return sc.statusTracker().getActiveJobIds().length;
    }

    /** Fails a worker's step unless the worker's network runs on the engine the test chose for the stage. */
    record RunsOn(Engine engine) implements TrainingHook {
        @Override public void preUpdate(MultiDataSet m, Model model) { check(model); }

        @Override public void preUpdate(org.nd4j.linalg.dataset.api.DataSet d, Model model) { check(model); }

        private void check(Model model) {
            Engine used = RrlfnModels.layer((ComputationGraph) model).getEngine();
            if (used != engine) throw new IllegalStateException("the worker steps on " + used + ", not " + engine);
        }

        @Override public void postUpdate(org.nd4j.linalg.dataset.api.DataSet d, Model model) { }
        @Override public void postUpdate(MultiDataSet m, Model model) { }
    }

    /**
     * Throws in a task's first attempt when its network reaches step failAt; retries pass (a barrier stage is retried
     * as a new stage attempt whose tasks count attempts from 0 again).
     */
    static final class FailFirstAttempt implements TrainingHook {
        int failAt = -1;
        /** Only this slot's task fails (-1: every slot's). */
        int slot = -1;

        @Override public void preUpdate(MultiDataSet m, Model model) { fail(model); }

        @Override public void preUpdate(org.nd4j.linalg.dataset.api.DataSet d, Model model) { fail(model); }

        private void fail(Model model) {
            if (TaskContext.get().attemptNumber() == 0 && TaskContext.get().stageAttemptNumber() == 0
                    && (slot < 0 || TaskContext.get().partitionId() == slot) && ((ComputationGraph) model).getConfiguration().getIterationCount() == failAt)
                throw new IllegalStateException("injected task failure at step " + failAt);
        }

        @Override public void postUpdate(org.nd4j.linalg.dataset.api.DataSet d, Model model) { }
        @Override public void postUpdate(MultiDataSet m, Model model) { }
    }
}
