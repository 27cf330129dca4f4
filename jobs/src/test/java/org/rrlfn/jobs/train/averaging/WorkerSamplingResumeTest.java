package org.rrlfn.jobs.train.averaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rrlfn.jobs.train.model.ModelInitTest.maxDiff;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.rrlfn.common.spark.HadoopConf;
import org.rrlfn.data.sampling.BatchRecipe;
import org.rrlfn.data.sampling.CropSampler;
import org.rrlfn.data.sampling.SampleSettings;
import org.rrlfn.data.sampling.TrainingSet;
import org.rrlfn.jobs.LocalSpark;
import org.rrlfn.jobs.SyntheticSubImages;
import org.rrlfn.jobs.train.config.Averaging;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.config.StageInit;
import org.rrlfn.jobs.train.config.Sync;
import org.rrlfn.jobs.train.model.ModelInit;
import org.rrlfn.jobs.train.run.RunStore;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.losses.LossConfig;

/**
 * Samples drawn on the workers through DL4J's loader hook, on real Spark with 2 workers, read-ahead (and, on the
 * DL4J path, repartitioning) as in training, on both averaging paths: every minibatch a worker fits is the one its recipe describes (recomputed on the
 * driver), and a run stopped after round 2, checkpointed and resumed in a new trainer fits exactly the minibatches,
 * at exactly the steps, of an uninterrupted run over rounds 0–4, and ends with the same weights.
 */
class WorkerSamplingResumeTest {
    private static final RrlfnConfig ARCH = RrlfnConfig.paper(2).withWidth(8, 1, 4);
    private static final Stage STAGE = new Stage("s", 2, StageInit.SCRATCH, true, 10, 1e-3, 4, LossConfig.l1());
    private static final int WORKERS = 2, FREQ = 2, BATCH = 4, ROUNDS = 5, RESUME_AT = 2;
    private static final SampleSettings SAMPLING = new SampleSettings(32, 1, 1, 7);
    @TempDir File dir;

    /**
     * "step:fingerprint" of every minibatch a worker fits, with the step its updater applies. Kept in this JVM (the
     * workers of local mode run here) rather than in an accumulator, which reports only when a task ends: a barrier
     * stage's tasks last the whole stage.
     */
    static final class Recorder implements TrainingHook {
        private static final long serialVersionUID = 1L;
        private static final Map<String, Queue<String>> FITTED = new ConcurrentHashMap<>();
        private final String id = UUID.randomUUID().toString();

        @Override public void preUpdate(DataSet minibatch, Model model) {
            record(minibatch.getFeatures(), minibatch.getLabels(), model);
        }
        /** A ComputationGraph worker hands its minibatch over in this form. */
        @Override public void preUpdate(MultiDataSet minibatch, Model model) {
            record(minibatch.getFeatures(0), minibatch.getLabels(0), model);
        }
        @Override public void postUpdate(DataSet minibatch, Model model) { }
        @Override public void postUpdate(MultiDataSet minibatch, Model model) { }

        private void record(INDArray lr, INDArray hr, Model model) {
            FITTED.computeIfAbsent(id, k -> new ConcurrentLinkedQueue<>()).add(((ComputationGraph) model).getConfiguration().getIterationCount() + ":"
                    + fingerprint(lr.dup().data().asFloat(), hr.dup().data().asFloat()));
        }

        List<String> drain() {
            List<String> out = new ArrayList<>();
            Queue<String> q = FITTED.getOrDefault(id, new ConcurrentLinkedQueue<>());
            for (String s = q.poll(); s != null; s = q.poll()) out.add(s);
            out.sort(null);
            return out;
        }
    }

    static String fingerprint(float[] lr, float[] hr) {
        return Integer.toHexString(Arrays.hashCode(lr)) + "/" + Integer.toHexString(Arrays.hashCode(hr));
    }

    private static ParameterAveragingTrainingMaster.Builder master() {
        return new ParameterAveragingTrainingMaster.Builder(WORKERS, BATCH).batchSizePerWorker(BATCH)
                .averagingFrequency(FREQ).workerPrefetchNumBatches(2).repartionData(Repartition.Always);
    }

    private static AveragingRounds trainer(Averaging path, JavaSparkContext sc, ComputationGraph net,
                                           Recorder recorder) {
        SubImageLoader loader = new SubImageLoader(new CropSampler(SAMPLING), new HadoopConf(sc.hadoopConfiguration()));
        return switch (path) {
            case BARRIER -> new BarrierAveraging(sc, net, WORKERS, 2, loader, Sync.PARAMETERS, recorder);
            case DL4J -> new Dl4jAveraging(sc, net, master(), WORKERS, loader, recorder);
        };
    }

    private TrainingSet open(File data) throws Exception {
        return TrainingSet.open(data.toURI().toString(), 2, SAMPLING.hrPatch(), SAMPLING.seed(), new Configuration());
    }

    @ParameterizedTest
    @EnumSource(Averaging.class)
    void resumedRunFitsExactlyTheMinibatchesOfAnUninterruptedOne(Averaging path) throws Exception {
        File data = new File(dir, "data");
        SyntheticSubImages.write(data, new int[]{2}, 20, 48, 5);
        List<List<String>> uninterrupted = new ArrayList<>(), resumed = new ArrayList<>();
        ComputationGraph straight = ModelInit.fresh(ARCH, STAGE, 5);
        ComputationGraph second;
        // Four task slots: two stages are open at once, and a barrier stage holds two for all its rounds.
        try (JavaSparkContext sc = LocalSpark.start("sampling-resume", "local[4]")) {
            Recorder recorder = new Recorder();
            TrainingSet set = open(data);
            AveragingRounds rounds = trainer(path, sc, straight, recorder);
            for (int r = 0; r < ROUNDS; r++) {
                rounds.fit(set.forRound(0, r, WORKERS * FREQ, BATCH));
                uninterrupted.add(recorder.drain());
            }

            ComputationGraph first = ModelInit.fresh(ARCH, STAGE, 5);
            AveragingRounds before = trainer(path, sc, first, recorder);
            TrainingSet beforeSet = open(data);
            for (int r = 0; r < RESUME_AT; r++) {
                before.fit(beforeSet.forRound(0, r, WORKERS * FREQ, BATCH));
                resumed.add(recorder.drain());
            }
            before.pull();
            RunStore store = new RunStore(new File(dir, "run").toURI().toString(), new Configuration());
            store.saveModel("ckpt.zip", first, true);
            second = store.loadModel("ckpt.zip", true);
            rounds.pull();
            rounds.close();
            before.close();
            AveragingRounds after = trainer(path, sc, second, recorder);       // a new trainer, set and loader
            TrainingSet afterSet = open(data);
            for (int r = RESUME_AT; r < ROUNDS; r++) {
                after.fit(afterSet.forRound(0, r, WORKERS * FREQ, BATCH));
                resumed.add(recorder.drain());
            }
            after.pull();
            after.close();
        }
        FileSystem fs = FileSystem.getLocal(new Configuration());
        CropSampler driver = new CropSampler(SAMPLING);
        TrainingSet set = open(data);
        List<String> all = new ArrayList<>();
        for (int r = 0; r < ROUNDS; r++) {
            // What the recipes say, drawn on the driver: the workers fitted exactly these, at the round's steps.
            List<String> expected = new ArrayList<>();
            List<String> recipes = set.forRound(0, r, WORKERS * FREQ, BATCH);
            for (int i = 0; i < recipes.size(); i++) {
                CropSampler.Batch b = driver.sample(fs, BatchRecipe.parse(recipes.get(i)));
                expected.add((FREQ * r + i % FREQ) + ":" + fingerprint(b.lr(), b.hr()));
            }
            List<String> stepsOnly = uninterrupted.get(r).stream().map(s -> s.substring(0, s.indexOf(':'))).sorted().toList();
            List<String> expectedSteps = expected.stream().map(s -> s.substring(0, s.indexOf(':'))).sorted().toList();
            assertEquals(expectedSteps, stepsOnly, "round " + r + ": each worker steps FREQ times from the round's start");
            assertEquals(expected.stream().map(s -> s.substring(s.indexOf(':'))).sorted().toList(),
                    uninterrupted.get(r).stream().map(s -> s.substring(s.indexOf(':'))).sorted().toList(),
                    "round " + r + ": the workers fitted the recipes' minibatches");
            assertEquals(uninterrupted.get(r), resumed.get(r), "round " + r + (r >= RESUME_AT ? ", after the resume" : ""));
            all.addAll(uninterrupted.get(r));
        }
        assertEquals(all.size(), all.stream().map(s -> s.substring(s.indexOf(':'))).distinct().count(),
                "every minibatch freshly drawn");
        assertEquals(straight.getConfiguration().getIterationCount(), second.getConfiguration().getIterationCount());
        double d = maxDiff(straight.params(), second.params());
        assertTrue(d < 1e-6, "resumed weights differ by " + d);
    }
}
