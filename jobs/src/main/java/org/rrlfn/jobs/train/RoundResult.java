package org.rrlfn.jobs.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * What the workers of one resident round hand back, summed as it travels (Spark's tree reduce): the sum of their
 * final states, how many were summed, their scores, every step they took and where each slot ran.
 */
record RoundResult(float[] params, float[] updater, int workers, double scoreSum, List<WorkerSteps.Step> steps,
                   List<SlotReport> slots) implements Serializable {

    /**
     * Where one slot ran and what its task cost beside the steps.
     *
     * @param built     the executor built the slot's network for this task (first round, or a cache miss)
     * @param networkMs finding the slot's network, or building it
     * @param fetchMs   fetching the round's broadcast state
     * @param stateMs   writing that state into the network, and copying the trained state out
     * @param taskMs    the whole task: network, state, minibatches, fitting, state copied out
     */
    record SlotReport(int slot, String executorId, String host, boolean built, double networkMs, double fetchMs,
                      double stateMs, double taskMs)
            implements Serializable {
        /** Spark's name for "this executor" as a preferred location (TaskLocation's executor_ form). */
        String location() { return "executor_" + host + "_" + executorId; }
    }

    static RoundResult of(WorkerState state, double score, List<WorkerSteps.Step> steps, SlotReport slot) {
        return new RoundResult(state.params(), state.updater(), 1, score, new ArrayList<>(steps),
                new ArrayList<>(List.of(slot)));
    }

    /** Adds {@code o} into this result's arrays and lists (partial results are never reused once merged). */
    RoundResult plus(RoundResult o) {
        addInto(params, o.params);
        addInto(updater, o.updater);
        steps.addAll(o.steps);
        slots.addAll(o.slots);
        return new RoundResult(params, updater, workers + o.workers, scoreSum + o.scoreSum, steps, slots);
    }

    /** The mean of the workers' states, as DL4J averages them: sum, then divide by the count (in place: once). */
    WorkerState average(int iteration, int epoch) {
        for (int i = 0; i < params.length; i++) params[i] /= workers;
        for (int i = 0; i < updater.length; i++) updater[i] /= workers;
        return new WorkerState(params, updater, iteration, epoch);
    }

    double score() { return scoreSum / workers; }

    /**
     * Ends a round the driver started at step {@code first}: checks the workers' steps against it, then writes their
     * mean state into {@code net} at step {@code first + perWorker}.
     */
    AveragingRounds.Round applyTo(ComputationGraph net, int first, int perWorker) {
        AveragingRounds.Round round = AveragingRounds.Round.of(first, perWorker, score(), steps);
        average(first + perWorker, net.getConfiguration().getEpochCount()).applyTo(net);
        return round;
    }

    private static void addInto(float[] sum, float[] x) {
        if (sum.length != x.length) throw new IllegalStateException("workers returned states of different sizes");
        for (int i = 0; i < sum.length; i++) sum[i] += x[i];
    }
}
