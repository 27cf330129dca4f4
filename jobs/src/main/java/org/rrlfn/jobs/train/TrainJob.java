package org.rrlfn.jobs.train;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rrlfn.common.StopPoint;
import org.rrlfn.common.UserError;
import org.rrlfn.common.files.OutputFolder;
import org.rrlfn.common.log.Console;
import org.rrlfn.data.PreparedLayout;
import org.rrlfn.data.sampling.TrainingSet;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.config.StageInit;
import org.rrlfn.jobs.train.config.TrainSettings;
import org.rrlfn.jobs.train.model.ModelInit;
import org.rrlfn.jobs.train.model.ModelKeeper;
import org.rrlfn.jobs.train.model.Validator;
import org.rrlfn.jobs.train.run.DataIdentity;
import org.rrlfn.jobs.train.run.RunConfig;
import org.rrlfn.jobs.train.run.RunLayout;
import org.rrlfn.jobs.train.run.RunState;
import org.rrlfn.jobs.train.run.RunStore;
import org.rrlfn.jobs.train.run.TrainingCurves;
import org.rrlfn.model.dl4j.RrlfnModels;

/**
 * The warm-start schedule: stages in order, each initialised as its config says, trained by parameter
 * averaging, checkpointed, finished with a final model. Re-running the same command resumes: finished stages
 * are skipped, an interrupted one continues from its last checkpoint. {@link #train} is the whole loop.
 */
public final class TrainJob {
    private final JavaSparkContext sc;
    private final TrainSettings s;
    private final RunStore store;
    private final OutputFolder folder;
    private final RunState state;
    /** The checkpoint of the stage the run stopped in, or null; what its ModelKeeper saved beside it, or null. */
    private final ComputationGraph resumed;
    private final ModelKeeper.Saved resumedKept;
    /** Tasks per executor, for each stage's last line. */
    private final ExecutorActivity executors = new ExecutorActivity();

    private TrainJob(JavaSparkContext sc, TrainSettings s, RunStore store, OutputFolder folder, Resume resume) {
        this.sc = sc;
        this.s = s;
        this.store = store;
        this.folder = folder;
        this.state = resume.state();
        this.resumed = resume.checkpoint();
        this.resumedKept = resume.kept();
    }

    /** Trains the run {@code s} configures, or what it has left: claims its folder, checks it can go on, trains. */
    public static RunState run(JavaSparkContext sc, TrainSettings s) throws IOException {
        try (OutputFolder folder = OutputFolder.claim(s.run(), TrainSettings.PATH + ".run", RunLayout.OUTPUT, s.files(),
                sc.hadoopConfiguration())) {
            checkData(s, sc.hadoopConfiguration());
            RunStore store = new RunStore(folder.root().toString(), sc.hadoopConfiguration());
            // Where the run stands is read before it records anything: a run that cannot resume stops unchanged.
            Resume resume = Resume.from(store, RunState.readable(store));
            RunConfig.check(store, RunConfig.of(s), s.forceConfigChange(), resume.state().completed());
            return new TrainJob(sc, s, store, folder, resume).train();
        } finally {
            StopPoint.clear();
        }
    }

    /**
     * The training loop, as BasicSR's {@code train_pipeline}: for each stage not finished earlier, start it (its
     * checkpoint or its init), train its rounds with a validation every {@code validate-every-rounds} and a checkpoint
     * every {@code checkpoint-every-rounds}, validate its last model and keep the one its {@code keep} says, save it as
     * the final model, finish the stage. With stop-after-steps it stops, validated and checkpointed, once the run has
     * taken that many steps.
     */
    private RunState train() throws IOException {
        sc.sc().addSparkListener(executors);
        try {
            Console.info("train: %d stages, %d workers, averaging every %d, run %s",
                    s.stages().size(), s.workers(), s.averagingFrequency(), store.uri());
            long before = 0;    // steps of the stages before this one, for stop-after-steps
            for (int i = 0; i < s.stages().size(); i++) {
                Stage stage = s.stages().get(i);
                if (stopsAt(before)) break;
                if (state.isCompleted(stage.name())) {
                    Console.info("stage %d/%d %s: done earlier, skipped", i + 1, s.stages().size(), stage.name());
                    before += stage.iterations();
                    continue;
                }
                long t0 = System.nanoTime();
                try (StageTrainer rounds = start(i, stage)) {
                    while (rounds.hasNextRound()) {
                        if (stopsAt(before + rounds.stepsDone())) return stop(stage, rounds);
                        StopPoint.at("stage " + stage.name() + " round " + (rounds.roundsDone() + 1) + "/"
                                + StageTrainer.rounds(stage, s));
                        rounds.round();
                        if (rounds.validationDue()) rounds.validate();
                        if (rounds.checkpointDue()) checkpoint(stage, rounds);
                    }
                    ModelKeeper.Kept kept = rounds.keep();
                    saveFinalModel(stage, rounds, kept);
                    validated(stage, kept.validation(), rounds, (System.nanoTime() - t0) / 1e9);
                }
                finish(i, stage);
                before += stage.iterations();
            }
        } finally {
            sc.sc().removeSparkListener(executors);     // a sweep trains many runs on one context
        }
        return state;
    }

    private boolean stopsAt(long steps) { return s.stopAfterSteps() > 0 && steps >= s.stopAfterSteps(); }

    /**
     * stop-after-steps reached inside a stage: its network is validated and checkpointed there (unless the run resumed
     * from that very checkpoint), so that a re-run with a larger bound continues it as any resume does.
     */
    private RunState stop(Stage stage, StageTrainer rounds) throws IOException {
        ModelKeeper.Kept kept = rounds.keep();
        if (kept.validation() != null) state.validated(stage.name(), kept.validation());
        if (!state.resumes(stage.name()) || state.round() != rounds.roundsDone()) checkpoint(stage, rounds);
        Console.info("train: stopped in stage %s after %d steps (stop-after-steps = %d)", stage.name(),
                rounds.stepsDone(), s.stopAfterSteps());
        return state;
    }

    /**
     * A stage starts from its checkpoint when the run stopped inside it (the metrics of rounds after it were lost
     * with the crash and go too), else from its init; then its data is read and checked as the run's.
     */
    private StageTrainer start(int index, Stage stage) throws IOException {
        ComputationGraph net;
        int startRound = 0;
        if (state.resumes(stage.name())) {
            net = resumed;
            ModelInit.continueSchedule(net, stage);
            startRound = state.round();
            Console.info("stage %d/%d %s: resuming at round %d (iteration %d) from %s", index + 1, s.stages().size(),
                    stage.name(), startRound, net.getConfiguration().getIterationCount(), store.path(state.checkpoint()));
        } else {
            net = initial(index, stage);
        }
        // The stage's engine goes with its configuration to every worker, and runs the validation too.
        s.useEngine(net);
        state.start(stage.name(), startRound);
        TrainingSet data = trainingSet(s, stage, sc.hadoopConfiguration());
        DataIdentity.check(store, s.data(), sc.hadoopConfiguration());   // after reading: a swap while reading shows
        ModelKeeper keeper = new ModelKeeper(stage, s.averagingFrequency(), net.params(), startRound,
                startRound > 0 ? resumedKept : null, Validator.open(s, stage, net, sc.hadoopConfiguration()));
        return new StageTrainer(sc, s.forStage(stage), state, index, stage, net, startRound, data, keeper);
    }

    /**
     * The stage in progress saved as the resume point (the network with Adam's state, and beside it what its
     * ModelKeeper holds), with the state file naming it. The previous checkpoint stays, with the previous state file
     * that names it: the fallback if this pair is found damaged on resume. Older ones go.
     */
    private void checkpoint(Stage stage, StageTrainer rounds) throws IOException {
        String path = RunLayout.checkpoint(stage.name(), rounds.roundsDone());
        store.saveModel(path, rounds.network(), true);
        ModelKeeper.Saved kept = rounds.kept();
        if (kept != null) store.writeAtomically(RunLayout.keeperState(path), kept::write);
        String previous = state.checkpoint();
        state.checkpointed(stage.name(), rounds.roundsDone(), path);
        state.save(store);
        Set<String> keep = new HashSet<>(List.of(path, RunLayout.keeperState(path)));
        if (previous != null) keep.addAll(List.of(previous, RunLayout.keeperState(previous)));
        deleteCheckpoints(stage, keep);
        Console.info("checkpoint: stage %s round %d iteration %d -> %s", stage.name(), rounds.roundsDone(),
                rounds.network().getConfiguration().getIterationCount(), store.path(path));
    }

    /**
     * The kept weights in the stage's network, with the optimizer state of its last round, as its final model; with an
     * EMA not kept (raw-weights), the EMA beside it.
     */
    private void saveFinalModel(Stage stage, StageTrainer rounds, ModelKeeper.Kept kept) throws IOException {
        DataIdentity.check(store, s.data(), sc.hadoopConfiguration());   // a swap during the stage: not completed
        ComputationGraph net = rounds.network();
        INDArray ema = rounds.ema();
        if (ema != null && stage.selection().rawWeights()) {
            INDArray raw = net.params().dup();
            net.setParams(ema);
            store.saveModel(RunLayout.finalEma(stage.name()), net, false);
            net.setParams(raw);
        }
        net.setParams(kept.weights());
        store.saveModel(RunLayout.finalModel(stage.name()), net, true);
    }

    /** The kept model's validation becomes the stage's, with what validating cost the stage. */
    private void validated(Stage stage, RunState.Validation v, StageTrainer rounds, double stageSeconds) {
        if (v == null) return;
        state.validated(stage.name(), v);
        Console.info("stage %s validation: PSNR(Y) %.2f dB, bicubic %.2f dB (%+.2f dB); blockiness %.2f, bicubic %.2f;"
                        + " on %d held-out images; the %s weights of round %d of %d kept (keep = %s); %d validations"
                        + " took %.1f s, %.1f%% of the stage's %.0f s", stage.name(), v.psnrY, v.bicubicPsnrY,
                v.psnrY - v.bicubicPsnrY, v.blockinessY, v.bicubicBlockinessY, v.images, v.weights, v.round,
                rounds.roundsDone(), stage.selection().keep(), rounds.validations(), rounds.validationSeconds(),
                100 * rounds.validationSeconds() / stageSeconds, stageSeconds);
    }

    /** The stage is recorded finished; its checkpoints go and the curves are redrawn. */
    private void finish(int index, Stage stage) throws IOException {
        state.finished(stage.name());
        folder.ensureLocked();
        state.save(store);
        deleteCheckpoints(stage, Set.of());
        TrainingCurves.write(store, state);
        Console.info("stage %d/%d %s: finished -> %s; tasks per executor id: %s", index + 1, s.stages().size(),
                stage.name(), store.path(RunLayout.finalModel(stage.name())), executors.drain());
    }

    /** Deletes the stage's checkpoints except those named in {@code keep} (paths relative to the run). */
    private void deleteCheckpoints(Stage stage, Set<String> keep) throws IOException {
        for (String name : store.list(RunLayout.stage(stage.name()))) {
            String p = RunLayout.stage(stage.name()) + "/" + name;
            if (RunLayout.isCheckpoint(name) && !keep.contains(p)) store.delete(p);
        }
    }

    /**
     * Every stage's data (its scale, its crop) is checked before the run records anything: a crop the sub-images cannot
     * hold stops it here, not after run-config.json has made the corrected re-run look like a configuration change.
     */
    private static void checkData(TrainSettings s, Configuration hadoop) throws IOException {
        Set<List<Integer>> opened = new HashSet<>();
        for (Stage stage : s.stages()) {
            int scale = stage.scale();
            if (!opened.add(List.of(scale, stage.hrPatch()))) continue;
            TrainingSet set = openTrainingSet(s, stage, hadoop);
            // A step's crops are dealt to the workers in the epoch's sub-image order: past one worker per
            // sub-image, extra workers only fit crops of sub-images another worker already holds (a typo like
            // workers = 100000 would otherwise run that many tasks per round).
            if (s.workers() > set.size())
                throw new UserError(TrainSettings.PATH + ".workers = " + s.workers() + " is more than the "
                        + set.size() + " x" + scale + " sub-images in " + s.data() + " can feed (at most one worker"
                        + " per sub-image): set " + TrainSettings.PATH + ".workers <= " + set.size()
                        + " or prepare more data");
        }
    }

    /** The stage's sub-images; a missing, old-format or unusable prepared set stops with the key to fix. */
    public static TrainingSet trainingSet(TrainSettings s, Stage stage, Configuration hadoop) throws IOException {
        TrainingSet set = openTrainingSet(s, stage, hadoop);
        Console.info("stage %s: %d x%d sub-images of %d images%s, HR crops %d px, %d per step (%d per worker)",
                stage.name(), set.size(), stage.scale(), set.images(),
                set.skipped() > 0 ? " (" + set.skipped() + " smaller than the crop left out)" : "",
                stage.hrPatch(), stage.batchSize(), s.batchSizePerWorker(stage));
        return set;
    }

    private static TrainingSet openTrainingSet(TrainSettings s, Stage stage, Configuration hadoop) throws IOException {
        PreparedLayout layout = PreparedLayout.at(s.data());
        FileSystem fs = layout.root().getFileSystem(hadoop);
        if (!fs.exists(layout.manifest()))
            throw new UserError(TrainSettings.PATH + ".data: " + fs.makeQualified(layout.root()) + " has no "
                    + layout.manifest().getName() + ": run "
                    + "`rrlfn prepare` first (a prepare job that did not finish leaves no manifest)");
        try {
            return TrainingSet.open(s.data(), stage.scale(), stage.hrPatch(), s.seed(), hadoop);
        } catch (IllegalArgumentException e) {
            throw new UserError(TrainSettings.PATH + ".data: " + e.getMessage());
        }
    }

    /** A stage's start from its init: scratch, the previous or a named stage's final model, or a model file. */
    private ComputationGraph initial(int index, Stage stage) throws IOException {
        if (stage.init() instanceof StageInit.Scratch) {
            Console.info("stage %d/%d %s: x%d from scratch, %s", index + 1, s.stages().size(), stage.name(), stage.scale(),
                    stage.loss());
            ComputationGraph g = ModelInit.fresh(s.architecture(), stage, s.seed());
            ModelInit.start(s.initialisation(), g);
            return g;
        }
        String from;
        ComputationGraph source;
        if (stage.init() instanceof StageInit.ModelFile f) {
            from = f.uri();
            source = ModelInit.fromModelFile(from, s.architecture(), sc.hadoopConfiguration());
        } else {
            from = stage.init() instanceof StageInit.FromStage f ? f.name() : s.stages().get(index - 1).name();
            source = store.loadModel(RunLayout.finalModel(from), true);
        }
        Console.info("stage %d/%d %s: x%d initialised from %s%s, %s", index + 1, s.stages().size(), stage.name(),
                stage.scale(), from, stage.resetOptimizer() ? " with a fresh optimizer" : " keeping Adam's state",
                stage.loss());
        ComputationGraph g = ModelInit.warmStart(source, s.architecture(), stage, s.seed());
        if (RrlfnModels.architecture(source).scale() != stage.scale()) ModelInit.newUpsampler(s.initialisation(), g, source);
        return g;
    }
}
