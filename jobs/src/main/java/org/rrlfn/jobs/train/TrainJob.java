package org.rrlfn.jobs.train;

import java.io.IOException;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rrlfn.common.UserError;
import org.rrlfn.common.files.OutputFolder;
import org.rrlfn.common.log.Console;
import org.rrlfn.data.PreparedLayout;
import org.rrlfn.data.sampling.TrainingSet;
import org.rrlfn.jobs.scoring.EvalSet;
import org.rrlfn.jobs.scoring.PairEvaluation;
import org.rrlfn.jobs.spark.ExecutorActivity;
import org.rrlfn.model.dl4j.RrlfnModels;

/**
 * The warm-start schedule: stages in order, each initialised as its config says, trained by parameter
 * averaging, checkpointed, finished with a final model. Re-running the same command resumes: finished stages
 * are skipped, an interrupted one continues from its last checkpoint.
 */
public final class TrainJob {
    public static final String FINAL = "final.zip";
    /** What a run writes at the top of its folder (RunStore's files). */
    private static final OutputFolder.Kind OUTPUT = new OutputFolder.Kind("train",
            java.util.regex.Pattern.compile("stages|state-\\d+\\.json|.*\\.(csv|json|log|png)"), RunStore.TEMPORARY);

    private TrainJob() { }

    public static String finalModel(String stage) { return "stages/" + stage + "/" + FINAL; }

    public static RunState run(JavaSparkContext sc, TrainSettings s) throws IOException {
        try (OutputFolder folder = OutputFolder.claim(s.run(), TrainSettings.PATH + ".run", OUTPUT, s.files(),
                sc.hadoopConfiguration())) {
            // Every scale's data is checked before the run records anything: a crop the sub-images cannot hold stops
            // it here, not after run-config.json has made the corrected re-run look like a configuration change.
            for (int scale : s.stages().stream().mapToInt(Stage::scale).distinct().toArray()) {
                TrainingSet set = openTrainingSet(s, scale, sc.hadoopConfiguration());
                // A step's crops are dealt to the workers in the epoch's sub-image order: past one worker per
                // sub-image, extra workers only fit crops of sub-images another worker already holds (a typo like
                // workers = 100000 would otherwise run that many tasks per round).
                if (s.workers() > set.size())
                    throw new UserError(TrainSettings.PATH + ".workers = " + s.workers() + " is more than the "
                            + set.size() + " x" + scale + " sub-images in " + s.data() + " can feed (at most one worker"
                            + " per sub-image): set " + TrainSettings.PATH + ".workers <= " + set.size()
                            + " or prepare more data");
            }
            RunStore store = new RunStore(folder.root().toString(), sc.hadoopConfiguration());
            // Where the run stands is read before it records anything: a run that cannot resume stops unchanged.
            Resume resume = Resume.from(store, RunState.readable(store));
            RunConfig.check(store, RunConfig.of(s), s.forceConfigChange(), resume.state().completed);
            return run(sc, s, store, folder, resume);
        }
    }

    private static RunState run(JavaSparkContext sc, TrainSettings s, RunStore store, OutputFolder folder,
                                Resume resume) throws IOException {
        RunState state = resume.state();
        StageTrainer trainer = new StageTrainer(sc, s, store, state);
        ExecutorActivity executors = new ExecutorActivity();
        sc.sc().addSparkListener(executors);
        try {
            Console.info("train: %d stages, %d workers x batch %d, averaging every %d, run %s",
                    s.stages().size(), s.workers(), s.batchSizePerWorker(), s.averagingFrequency(), store.uri());
            for (int i = 0; i < s.stages().size(); i++) {
                Stage stage = s.stages().get(i);
                if (state.completed.contains(stage.name())) {
                    Console.info("stage %d/%d %s: done earlier, skipped", i + 1, s.stages().size(), stage.name());
                    continue;
                }
                ComputationGraph net;
                int startRound = 0;
                if (stage.name().equals(state.stage) && state.checkpoint != null) {
                    net = resume.checkpoint();
                    ModelInit.continueSchedule(net, stage);
                    startRound = state.round;
                    // Rounds after the checkpoint were lost with the crash: their metrics go too.
                    final int keep = startRound;
                    state.metrics.removeIf(m -> m.stage.equals(stage.name()) && m.round > keep);
                    Console.info("stage %d/%d %s: resuming at round %d (iteration %d) from %s", i + 1, s.stages().size(),
                            stage.name(), startRound, net.getConfiguration().getIterationCount(), store.path(state.checkpoint));
                } else {
                    state.metrics.removeIf(m -> m.stage.equals(stage.name()));
                    net = initial(store, s, i, stage, sc.hadoopConfiguration());
                }
                TrainingSet data = trainingSet(s, stage, sc.hadoopConfiguration());
                DataIdentity.check(store, s.data(), sc.hadoopConfiguration());   // after reading: a swap while reading shows
                net = trainer.run(i, stage, net, startRound, data);
                DataIdentity.check(store, s.data(), sc.hadoopConfiguration());   // a swap during the stage: not completed
                store.saveModel(finalModel(stage.name()), net, true);
                validate(sc, s, stage, net, state);
                state.completed.add(stage.name());
                state.stage = null;
                state.round = 0;
                state.checkpoint = null;
                folder.ensureLocked();
                state.save(store);
                StageTrainer.deleteCheckpoints(store, stage.name(), Set.of());
                TrainingCurves.write(store, state);
                Console.info("stage %d/%d %s: finished -> %s; tasks per executor id: %s", i + 1, s.stages().size(),
                        stage.name(), store.path(finalModel(stage.name())), executors.drain());
            }
        } finally {
            sc.sc().removeSparkListener(executors);     // a sweep trains many runs on one context
        }
        return state;
    }

    /** The stage's sub-images; a missing, old-format or unusable prepared set stops with the key to fix. */
    static TrainingSet trainingSet(TrainSettings s, Stage stage, Configuration hadoop) throws IOException {
        TrainingSet set = openTrainingSet(s, stage.scale(), hadoop);
        Console.info("stage %s: %d x%d sub-images of %d images%s, HR crops %d px, %d per step (%d per worker)",
                stage.name(), set.size(), stage.scale(), set.images(),
                set.skipped() > 0 ? " (" + set.skipped() + " smaller than the crop left out)" : "",
                s.sampling().hrPatch(), s.batchSize(), s.batchSizePerWorker());
        return set;
    }

    private static TrainingSet openTrainingSet(TrainSettings s, int scale, Configuration hadoop) throws IOException {
        PreparedLayout layout = PreparedLayout.at(s.data());
        FileSystem fs = layout.root().getFileSystem(hadoop);
        if (!fs.exists(layout.manifest()))
            throw new UserError(TrainSettings.PATH + ".data: " + fs.makeQualified(layout.root()) + " has no "
                    + layout.manifest().getName() + ": run "
                    + "`rrlfn prepare` first (a prepare job that did not finish leaves no manifest)");
        try {
            return TrainingSet.open(s.data(), scale, s.sampling().hrPatch(), s.seed(), hadoop);
        } catch (IllegalArgumentException e) {
            throw new UserError(TrainSettings.PATH + ".data: " + e.getMessage());
        }
    }

    /** PSNR(Y) and blockiness of the stage's model and of bicubic on the held-out images prepare wrote for this scale. */
    private static void validate(JavaSparkContext sc, TrainSettings s, Stage stage, ComputationGraph net, RunState state)
            throws IOException {
        if (s.validationImages() == 0) return;
        PreparedLayout layout = PreparedLayout.at(s.data());
        PreparedLayout.HeldOut val = PreparedLayout.HeldOut.VALIDATION;
        EvalSet set = EvalSet.load("held-out x" + stage.scale(), layout.hr(stage.scale(), val).toString(),
                layout.lr(stage.scale(), val).toString(), stage.scale(),
                s.validationImages(), sc.hadoopConfiguration());
        PairEvaluation.Summary v = PairEvaluation.summarise(set.name(), PairEvaluation.score(net, set));
        state.validation.put(stage.name(), new RunState.Validation(v));
        Console.info("stage %s validation: PSNR(Y) %.2f dB, bicubic %.2f dB (%+.2f dB); blockiness %.2f, bicubic %.2f;"
                        + " on %d held-out images", stage.name(), v.psnr(), v.bicubicPsnr(), v.psnr() - v.bicubicPsnr(),
                v.blockiness(), v.bicubicBlockiness(), v.images());
    }

    private static ComputationGraph initial(RunStore store, TrainSettings s, int index, Stage stage, Configuration hadoop)
            throws IOException {
        if (stage.init() instanceof StageInit.Scratch) {
            Console.info("stage %d/%d %s: x%d from scratch, %s", index + 1, s.stages().size(), stage.name(), stage.scale(),
                    stage.loss());
            ComputationGraph g = ModelInit.fresh(s.architecture(), stage, s.seed());
            s.initialisation().start(g);
            return g;
        }
        String from;
        ComputationGraph source;
        if (stage.init() instanceof StageInit.ModelFile f) {
            from = f.uri();
            source = ModelInit.fromModelFile(from, s.architecture(), hadoop);
        } else {
            from = stage.init() instanceof StageInit.FromStage f ? f.name() : s.stages().get(index - 1).name();
            source = store.loadModel(finalModel(from), true);
        }
        Console.info("stage %d/%d %s: x%d initialised from %s%s, %s", index + 1, s.stages().size(), stage.name(),
                stage.scale(), from, stage.resetOptimizer() ? " with a fresh optimizer" : " keeping Adam's state",
                stage.loss());
        ComputationGraph g = ModelInit.warmStart(source, s.architecture(), stage, s.seed());
        if (RrlfnModels.architecture(source).scale() != stage.scale()) s.initialisation().newUpsampler(g, source);
        return g;
    }
}
