package org.rrlfn.jobs.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;

/**
 * Parameter-averaging rounds on Spark that run the optimizer the configuration describes: each round's workers
 * start at the driver's true step ({@link WorkerSteps}), so learning-rate schedules and Adam's bias correction
 * advance as in one uninterrupted run; parameters and Adam's moments are averaged after every round.
 */
public final class AveragingRounds {
    /** What one round did, from the workers' own reports. */
    public record Round(int firstIteration, int lastIteration, double loss, double firstLr, double lastLr) { }

    private final JavaSparkContext sc;
    private final ComputationGraph net;
    private final SparkComputationGraph spark;
    private final WorkerSteps steps;
    private final int workers;
    private final int averagingFrequency;
    private final DataSetLoader loader;

    /**
     * @param master the training master's settings; Adam's state is always averaged (saveUpdater is false unless
     *               set, whatever DL4J's Javadoc says) and the step hook is added here
     * @param loader turns each path into a minibatch on the worker ({@link SubImageLoader} draws it from sub-images)
     * @param extra  further hooks (tests use one to fail a task and watch it retried)
     */
    public AveragingRounds(JavaSparkContext sc, ComputationGraph net, ParameterAveragingTrainingMaster.Builder master,
                           int workers, DataSetLoader loader, TrainingHook... extra) {
        this.sc = sc;
        this.loader = loader;
        this.net = net;
        this.workers = workers;
        this.steps = new WorkerSteps(sc);
        List<TrainingHook> hooks = new ArrayList<>(List.of(extra));
        hooks.add(0, steps);
        ParameterAveragingTrainingMaster tm = master.saveUpdater(true).trainingHooks(hooks).build();
        this.averagingFrequency = tm.getAveragingFrequency();
        this.spark = new SparkComputationGraph(sc, net, tm);
    }

    /** One round over these paths (workers × averaging-frequency minibatches, one per path). */
    public Round fit(List<String> paths) {
        ComputationGraphConfiguration c = net.getConfiguration();
        int first = c.getIterationCount();
        steps.startAt(first, c.getEpochCount());
        spark.fitPaths(sc.parallelize(paths, workers), loader);
        List<WorkerSteps.Step> applied = new ArrayList<>(steps.drain());
        applied.sort(Comparator.comparingInt(WorkerSteps.Step::iteration));
        if (applied.isEmpty())
            throw new IllegalStateException("no worker reported a step in the round starting at iteration " + first);
        WorkerSteps.Step lo = applied.get(0), hi = applied.get(applied.size() - 1);
        if (lo.iteration() != first || hi.iteration() >= first + averagingFrequency)
            throw new IllegalStateException("workers stepped at iterations " + lo.iteration() + ".." + hi.iteration()
                    + " in a round the driver started at " + first + " with averaging frequency " + averagingFrequency);
        return new Round(first, hi.iteration(), spark.getScore(), lo.lr(), hi.lr());
    }

    public SparkComputationGraph spark() { return spark; }
}
