package org.rrlfn.jobs.train;

import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rrlfn.common.log.Console;
import org.rrlfn.common.spark.HadoopConf;
import org.rrlfn.data.sampling.CropSampler;
import org.rrlfn.data.sampling.TrainingSet;
import org.rrlfn.jobs.train.averaging.AveragingRounds;
import org.rrlfn.jobs.train.averaging.SubImageLoader;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.config.TrainSettings;
import org.rrlfn.jobs.train.model.ModelInit;
import org.rrlfn.jobs.train.model.ModelKeeper;
import org.rrlfn.jobs.train.run.RunState;

/**
 * One stage's parameter-averaging rounds ({@link AveragingRounds}, the configured path), one {@link #round} a call:
 * every worker fits averaging-frequency minibatches, each drawn on the worker from the sub-images its recipe names
 * ({@link SubImageLoader}), then parameters and Adam state are averaged and the stage's {@link ModelKeeper} takes the
 * averaged parameters (its EMA). Each round's metrics go into the run's state, with the validations {@link #validate}
 * adds; a non-finite loss stops the stage before anything is saved. Closing it releases what the path holds.
 */
public final class StageTrainer implements AutoCloseable {
    private final TrainSettings settings;
    private final RunState state;
    private final int stageIndex;
    private final Stage stage;
    private final ComputationGraph net;
    private final TrainingSet samples;
    private final AveragingRounds averaging;
    private final int rounds;
    private final int startRound;
    private final int perRound;
    private final int stageStart;
    private final long started;
    private final ModelKeeper keeper;
    private int done;
    /** The round whose averaged state the driver's network holds, checked (-1: none yet). */
    private int pulledAt = -1;

    /**
     * Trains {@code net}, the stage's start, from round {@code startRound} (rounds it finished before) to its end;
     * {@code keeper} holds what the stage validates and keeps.
     */
    public StageTrainer(JavaSparkContext sc, TrainSettings settings, RunState state, int stageIndex, Stage stage,
                 ComputationGraph net, int startRound, TrainingSet samples, ModelKeeper keeper) {
        this.keeper = keeper;
        this.settings = settings;
        this.state = state;
        this.stageIndex = stageIndex;
        this.stage = stage;
        this.net = net;
        this.samples = samples;
        this.rounds = rounds(stage, settings);
        this.startRound = startRound;
        this.done = startRound;
        this.perRound = settings.workers() * settings.averagingFrequency();
        this.stageStart = ModelInit.scheduleStart(net);
        this.averaging = averaging(sc, net, settings);
        this.started = System.nanoTime();
    }

    /** The configured averaging path over {@code net}, drawing minibatches on the workers: what train runs. */
    static AveragingRounds averaging(JavaSparkContext sc, ComputationGraph net, TrainSettings s) {
        return AveragingRounds.open(sc, net, s,
                new SubImageLoader(new CropSampler(s.sampling()), new HadoopConf(sc.hadoopConfiguration())));
    }

    public static int rounds(Stage stage, TrainSettings s) {
        return (stage.iterations() + s.averagingFrequency() - 1) / s.averagingFrequency();
    }

    public boolean hasNextRound() { return done < rounds; }

    /** Trains the next round: records its metrics and logs it; the last one also logs DL4J's statistics if collected. */
    public void round() {
        int r = done;
        long t0 = System.nanoTime();
        AveragingRounds.Round round = averaging.fit(samples.forRound(stageIndex, r, perRound, settings.batchSizePerWorker()));
        double seconds = (System.nanoTime() - t0) / 1e9;
        double loss = round.loss();
        if (!Double.isFinite(loss)) throw new TrainingDiverged(stage, r, loss, state.checkpoint());
        done = r + 1;
        // On the driver, which then needs the averaged parameters every round (barrier sends them only when pulled):
        // the workers and their protocol are left as they are, and the EMA costs one pass over the parameters per
        // round, not per step.
        if (keeper.tracksEma()) {
            pull();
            keeper.averaged(net.params());
        }
        double pps = perRound * settings.batchSizePerWorker() / seconds;
        state.addRound(new RunState.MetricRow(stage.name(), done, net.getConfiguration().getIterationCount(), loss,
                round.firstLr(), round.lastLr(), pps, seconds, stageStart));
        double perRoundSeconds = (System.nanoTime() - started) / 1e9 / (done - startRound);
        Console.info("stage %d/%d %s: round %d/%d steps %d-%d loss %.5f lr %s %.1f patches/s, %.0f%% outside fitting,"
                + " stage ETA %s", stageIndex + 1, settings.stages().size(), stage.name(), done, rounds,
                round.firstIteration() + 1, round.lastIteration() + 1, loss, lrText(round), pps,
                100 * (1 - round.slowestFitMs() / 1000 / seconds), Console.duration(perRoundSeconds * (rounds - done)));
        String statistics = hasNextRound() ? null : averaging.statistics();
        if (statistics != null) Console.info("training statistics:%n%s", statistics);
    }

    /** Whether the round just trained ends a checkpoint interval; after the last one the final model follows instead. */
    public boolean checkpointDue() { return done % settings.checkpointEveryRounds() == 0 && hasNextRound(); }

    /** Whether the stage validates after the round just trained (validate-every-rounds). */
    public boolean validationDue() { return keeper.due(done); }

    /** Validates the model the stage would keep after the round just trained, into that round's metrics. */
    public void validate() {
        pull();
        state.validatedRound(stage.name(), keeper.validate(done, net.params()));
    }

    /**
     * The averaged state after the last round into the driver's network, checked once per round: non-finite
     * parameters stop the stage unsaved.
     */
    private void pull() {
        if (pulledAt == done) return;
        averaging.pull();
        if (!Double.isFinite(net.params().sumNumber().doubleValue()))
            throw new TrainingDiverged(stage, done - 1, Double.NaN, state.checkpoint());
        pulledAt = done;
    }

    /**
     * The model the stage ends with now ({@link ModelKeeper#end}: the last one or the best validated one), the last
     * one validated first unless it just was: a stage never reports a model it did not validate.
     */
    public ModelKeeper.Kept keep() {
        pull();
        if (!keeper.validatedAt(done)) validate();
        return keeper.end(done, net.params());
    }

    /** What a checkpoint saves beside the network; null when nothing. */
    public ModelKeeper.Saved kept() { return keeper.saved(); }

    /** The EMA's weights now; null when the stage keeps none. */
    public INDArray ema() { return keeper.ema(); }

    /** Validations in this stage so far (this process), and the seconds they took. */
    public int validations() { return keeper.validations(); }

    public double validationSeconds() { return keeper.validationSeconds(); }

    /** Rounds of the stage finished so far. */
    public int roundsDone() { return done; }

    /** Training steps of the stage taken so far (its last round may round its iterations up; they count once). */
    public long stepsDone() { return Math.min((long) done * settings.averagingFrequency(), stage.iterations()); }

    /** The stage's network, trained through {@link #roundsDone} rounds. */
    public ComputationGraph network() {
        pull();
        return net;
    }

    @Override
    public void close() { averaging.close(); }

    /** The rate the workers' updater applied: one value, or first→last where a halving fell inside the round. */
    static String lrText(AveragingRounds.Round r) {
        return r.firstLr() == r.lastLr() ? String.format("%.2e", r.firstLr())
                : String.format("%.2e->%.2e", r.firstLr(), r.lastLr());
    }

    /** A NaN or infinite loss: the stage stops; the last good checkpoint stays the resume point. */
    public static final class TrainingDiverged extends RuntimeException {
        TrainingDiverged(Stage stage, int round, double loss, String checkpoint) {
            super("stage " + stage.name() + " diverged in round " + (round + 1) + ": loss " + loss
                    + "; nothing was saved from this round. Resume point: "
                    + (checkpoint == null ? "the start of the stage" : checkpoint)
                    + ". Lower the stage's lr or check the data.");
        }
    }
}
