package org.rrlfn.jobs.train.averaging;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.rrlfn.jobs.train.config.TrainSettings;

/**
 * The DL4J path of {@link AveragingRounds}: {@code SparkComputationGraph} with DL4J's
 * {@code ParameterAveragingTrainingMaster}. Every round it starts a Spark job, broadcasts the configuration,
 * parameters and Adam state, and each worker builds its network anew from them; {@link WorkerSteps} moves that fresh
 * network to the driver's true step, which DL4J's worker would restart at 0.
 */
public final class Dl4jAveraging implements AveragingRounds {
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
    public Dl4jAveraging(JavaSparkContext sc, ComputationGraph net, ParameterAveragingTrainingMaster.Builder master,
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

    /** DL4J's training master as the settings describe it (its own keys: repartition, storage-level, collect-stats). */
    public static ParameterAveragingTrainingMaster.Builder master(TrainSettings s) {
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

    /** One round over these paths (workers × averaging-frequency minibatches, one per path). */
    @Override
    public Round fit(List<String> paths) {
        ComputationGraphConfiguration c = net.getConfiguration();
        int first = c.getIterationCount();
        steps.startAt(first, c.getEpochCount());
        spark.fitPaths(sc.parallelize(paths, workers), loader);
        return Round.of(first, averagingFrequency, spark.getScore(), steps.drain());
    }

    /** Nothing outlives a round on the executors. */
    @Override
    public void close() { }

    @Override
    public String statistics() {
        return spark.getSparkTrainingStats() == null ? null : spark.getSparkTrainingStats().statsAsString();
    }
}
