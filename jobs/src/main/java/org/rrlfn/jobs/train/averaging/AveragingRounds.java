package org.rrlfn.jobs.train.averaging;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingHook;
import org.rrlfn.jobs.train.config.TrainSettings;

/**
 * Parameter-averaging rounds on Spark that run the optimizer the configuration describes: in each round every
 * worker starts from the averaged state at the driver's true step, fits its share of the round's minibatch recipes
 * (a contiguous block, in order), and the workers' parameters and Adam moments are averaged into the driver's
 * network, whose step count then advances by the steps each worker took.
 *
 * <p>Two paths compute the same thing ({@code rrlfn.train.averaging}): {@link BarrierAveraging}, the one users run,
 * keeps one task per worker (a rank) for the stage and all-reduces among them; {@link Dl4jAveraging} is DL4J's
 * {@code ParameterAveragingTrainingMaster}, which rebuilds every worker's network every round (the design's own
 * DL4J Spark module path, and the reference the averaging tests compare against).
 */
public interface AveragingRounds extends AutoCloseable {
    /**
     * One round over these recipes: workers × (steps per worker) minibatches, one per recipe. The driver's network
     * counts the round's steps at once; it holds the averaged state itself after {@link #pull}.
     */
    Round fit(List<String> recipes);

    /**
     * Brings the averaged state into the driver's network. The dl4j path writes it there every round; barrier keeps
     * it among the workers (all-reduced) until the driver needs it.
     */
    default void pull() { }

    /** The last round's phases, where the path measures them (barrier); null where it does not. */
    default RoundPhases lastPhases() { return null; }

    /** Training statistics the path collected over the stage (dl4j with collect-stats), as text; null when none. */
    default String statistics() { return null; }

    /** Releases what the path holds for this stage (barrier: its ranks' tasks and its port). */
    @Override
    void close();

    /** The path {@code s} names, with the stage's worker count, averaging frequency and prefetch. */
    static AveragingRounds open(JavaSparkContext sc, ComputationGraph net, TrainSettings s, DataSetLoader loader,
                                TrainingHook... extra) {
        return switch (s.averaging()) {
            case BARRIER -> new BarrierAveraging(sc, net, s.workers(), s.prefetch(), loader, s.sync(), extra);
            case DL4J -> new Dl4jAveraging(sc, net, Dl4jAveraging.master(s), s.workers(), loader, extra);
        };
    }

    /**
     * What one round did, from the workers' own reports.
     *
     * @param steps every optimizer step a worker applied, in iteration order
     */
    record Round(int firstIteration, int lastIteration, double loss, double firstLr, double lastLr,
                 List<WorkerSteps.Step> steps) {

        /**
         * The round as the workers reported it, checked against the driver's start: a worker that stepped outside
         * {@code [first, first + perWorker)} did not continue the driver's optimizer.
         */
        static Round of(int first, int perWorker, double loss, List<WorkerSteps.Step> reported) {
            List<WorkerSteps.Step> steps = new ArrayList<>(reported);
            steps.sort(Comparator.comparingInt(WorkerSteps.Step::iteration).thenComparingInt(WorkerSteps.Step::slot));
            if (steps.isEmpty())
                throw new IllegalStateException("no worker reported a step in the round starting at iteration " + first);
            WorkerSteps.Step lo = steps.get(0), hi = steps.get(steps.size() - 1);
            if (lo.iteration() != first || hi.iteration() >= first + perWorker)
                throw new IllegalStateException("workers stepped at iterations " + lo.iteration() + ".." + hi.iteration()
                        + " in a round the driver started at " + first + " with " + perWorker + " steps per worker");
            return new Round(first, hi.iteration(), loss, lo.lr(), hi.lr(), List.copyOf(steps));
        }

        /** Milliseconds of optimizer steps per worker slot. */
        public Map<Integer, Double> fitMsBySlot() {
            Map<Integer, Double> out = new TreeMap<>();
            for (WorkerSteps.Step s : steps) out.merge(s.slot(), s.fitMs(), Double::sum);
            return out;
        }

        /** The slowest worker's fitting: the part of the round that more workers cannot shorten. */
        public double slowestFitMs() {
            return fitMsBySlot().values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }
    }
}
