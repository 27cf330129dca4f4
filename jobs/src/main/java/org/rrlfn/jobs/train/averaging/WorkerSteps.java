package org.rrlfn.jobs.train.averaging;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.rrlfn.model.arch.Names;
import org.rrlfn.model.dl4j.RrlfnModels;

/**
 * DL4J's path ({@link Dl4jAveraging}): starts every round's worker networks at the driver's step count and reports
 * the step, learning rate and fit time of each step a worker's updater applied.
 *
 * <p>Why: dl4j-spark 1.0.0-M2's {@code ParameterAveragingTrainingWorker.getInitialModelGraph()} builds a round's
 * network from {@code ComputationGraphConfiguration.clone()}, which copies no iteration or epoch count (read from
 * its bytecode). Left alone, every round starts at iteration 0: step schedules never advance and Adam's bias
 * correction restarts each round while its moments carry over. The driver sets the start before each round; the
 * hook travels inside the serialized worker, so a retried task starts from the same count, and a resumed run
 * starts from the count its checkpoint saved.
 */
public final class WorkerSteps implements TrainingHook {
    private static final long serialVersionUID = 1L;

    /**
     * One optimizer step as a worker's updater saw it.
     *
     * @param slot  the worker (the round's partition) that took it
     * @param fitMs how long the step's {@code fit} took on that worker
     */
    public record Step(int slot, int iteration, double lr, double fitMs) implements Serializable { }

    private final CollectionAccumulator<Step> applied;
    private int startIteration;
    private int startEpoch;
    /** The step in flight on this task's worker (set before its fit, reported after it). */
    private transient int iteration;
    private transient double lr;
    private transient long fitStart;

    public WorkerSteps(JavaSparkContext sc) {
        applied = sc.sc().collectionAccumulator("rrlfn worker steps");
    }

    /** The driver's counts, set before each round is shipped. */
    public void startAt(int iteration, int epoch) {
        startIteration = iteration;
        startEpoch = epoch;
    }

    /** Steps reported since the last call, in no particular order (the driver side). */
    public List<Step> drain() {
        List<Step> steps = List.copyOf(applied.value());
        applied.reset();
        return steps;
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
        step((ComputationGraph) model);
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        step((ComputationGraph) model);
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) { stepped(); }

    @Override
    public void postUpdate(DataSet minibatch, Model model) { stepped(); }

    /** A fresh worker network counts from 0; after its first step it is past the start and left alone. */
    private void step(ComputationGraph g) {
        ComputationGraphConfiguration c = g.getConfiguration();
        if (c.getIterationCount() < startIteration) {
            c.setIterationCount(startIteration + c.getIterationCount());
            c.setEpochCount(startEpoch);
        }
        iteration = c.getIterationCount();
        lr = learningRate(g);
        fitStart = System.nanoTime();
    }

    private void stepped() {
        applied.add(new Step(TaskContext.getPartitionId(), iteration, lr, (System.nanoTime() - fitStart) / 1e6));
    }

    /** The rate the network's updater applies at its current step (one schedule for every parameter). */
    static double learningRate(ComputationGraph g) {
        ComputationGraphConfiguration c = g.getConfiguration();
        return RrlfnModels.layer(g).getUpdaterByParam(Names.weight(Names.HEAD))
                .getLearningRate(c.getIterationCount(), c.getEpochCount());
    }
}
