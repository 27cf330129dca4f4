package org.rrlfn.jobs.train;

import java.io.IOException;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.rrlfn.common.log.Console;
import org.rrlfn.common.spark.HadoopConf;
import org.rrlfn.data.sampling.CropSampler;
import org.rrlfn.data.sampling.TrainingSet;

/**
 * Runs one stage as a sequence of parameter-averaging rounds ({@link AveragingRounds}, the configured path): each
 * round every worker fits averaging-frequency minibatches, each drawn on the worker from the sub-images its recipe
 * names ({@link SubImageLoader}), then parameters and Adam state are averaged.
 * Checkpoints every N rounds; a non-finite loss stops the stage before anything is saved.
 */
public final class StageTrainer {
    static final String CHECKPOINT_PREFIX = "ckpt-";
    private final JavaSparkContext sc;
    private final TrainSettings settings;
    private final RunStore store;
    private final RunState state;

    public StageTrainer(JavaSparkContext sc, TrainSettings settings, RunStore store, RunState state) {
        this.sc = sc;
        this.settings = settings;
        this.store = store;
        this.state = state;
    }

    public static ParameterAveragingTrainingMaster.Builder trainingMaster(TrainSettings s) {
        return new ParameterAveragingTrainingMaster.Builder(s.workers(), s.batchSizePerWorker())
                .batchSizePerWorker(s.batchSizePerWorker())
                .averagingFrequency(s.averagingFrequency())
                .workerPrefetchNumBatches(s.prefetch())
                .repartionData(s.repartition())
                .storageLevel(s.storageLevel())
                .rddTrainingApproach(RDDTrainingApproach.Export)
                .collectTrainingStats(s.collectStats())
                .rngSeed(s.seed());
    }

    /** The configured averaging path over {@code net}, drawing minibatches on the workers: what train runs. */
    static AveragingRounds averaging(JavaSparkContext sc, ComputationGraph net, TrainSettings s) {
        return AveragingRounds.open(sc, net, s,
                new SubImageLoader(new CropSampler(s.sampling()), new HadoopConf(sc.hadoopConfiguration())));
    }

    public static int rounds(Stage stage, TrainSettings s) {
        return (stage.iterations() + s.averagingFrequency() - 1) / s.averagingFrequency();
    }

    /** Trains {@code net} from round {@code startRound} to the end of the stage; returns the trained network. */
    public ComputationGraph run(int stageIndex, Stage stage, ComputationGraph net, int startRound, TrainingSet samples)
            throws IOException {
        try (AveragingRounds averaging = averaging(sc, net, settings)) {
            int rounds = rounds(stage, settings);
            int perRound = settings.workers() * settings.averagingFrequency();
            long started = System.nanoTime();
            int stageStart = ModelInit.scheduleStart(net);
            for (int r = startRound; r < rounds; r++) {
                long t0 = System.nanoTime();
                AveragingRounds.Round round = averaging.fit(samples.forRound(stageIndex, r, perRound, settings.batchSizePerWorker()));
                double seconds = (System.nanoTime() - t0) / 1e9;
                double loss = round.loss();
                if (!Double.isFinite(loss) || !Double.isFinite(net.params().sumNumber().doubleValue()))
                    throw new TrainingDiverged(stage, r, loss, state.checkpoint);
                double pps = perRound * settings.batchSizePerWorker() / seconds;
                state.metrics.add(new RunState.MetricRow(stage.name(), r + 1, net.getConfiguration().getIterationCount(), loss,
                        round.firstLr(), round.lastLr(), pps, seconds, stageStart));
                double perRoundSeconds = (System.nanoTime() - started) / 1e9 / (r + 1 - startRound);
                Console.info("stage %d/%d %s: round %d/%d steps %d-%d loss %.5f lr %s %.1f patches/s, %.0f%% outside fitting,"
                        + " stage ETA %s", stageIndex + 1, settings.stages().size(), stage.name(), r + 1, rounds,
                        round.firstIteration() + 1, round.lastIteration() + 1, loss, lrText(round), pps,
                        100 * (1 - round.slowestFitMs() / 1000 / seconds), Console.duration(perRoundSeconds * (rounds - r - 1)));
                if ((r + 1) % settings.checkpointEveryRounds() == 0 && r + 1 < rounds) checkpoint(stage, net, r + 1);
            }
            if (averaging instanceof Dl4jAveraging dl4j && settings.collectStats() && dl4j.spark().getSparkTrainingStats() != null)
                Console.info("training statistics:%n%s", dl4j.spark().getSparkTrainingStats().statsAsString());
        }
        return net;
    }

    /** Deletes the stage's checkpoints except those named in {@code keep} (paths relative to the run). */
    static void deleteCheckpoints(RunStore store, String stage, java.util.Set<String> keep) throws IOException {
        for (String name : store.list("stages/" + stage)) {
            String p = "stages/" + stage + "/" + name;
            if (name.startsWith(CHECKPOINT_PREFIX) && !keep.contains(p)) store.delete(p);
        }
    }

    /** The rate the workers' updater applied: one value, or first→last where a halving fell inside the round. */
    static String lrText(AveragingRounds.Round r) {
        return r.firstLr() == r.lastLr() ? String.format("%.2e", r.firstLr())
                : String.format("%.2e->%.2e", r.firstLr(), r.lastLr());
    }

    private void checkpoint(Stage stage, ComputationGraph net, int round) throws IOException {
        String path = "stages/" + stage.name() + "/" + CHECKPOINT_PREFIX + "r" + round + ".zip";
        store.saveModel(path, net, true);
        String previous = state.checkpoint;
        state.stage = stage.name();
        state.round = round;
        state.checkpoint = path;
        state.save(store);
        // The previous checkpoint stays, with the previous state file that names it: the fallback if this pair is
        // found damaged on resume. Older ones go.
        deleteCheckpoints(store, stage.name(), java.util.Set.of(path, String.valueOf(previous)));
        Console.info("checkpoint: stage %s round %d iteration %d -> %s", stage.name(), round,
                net.getConfiguration().getIterationCount(), store.path(path));
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
