package org.rrlfn.jobs.train;

import java.util.List;
import org.deeplearning4j.spark.api.stats.CommonSparkTrainingStats;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.impl.paramavg.stats.ParameterAveragingTrainingMasterStats;
import org.deeplearning4j.spark.impl.paramavg.stats.ParameterAveragingTrainingWorkerStats;
import org.deeplearning4j.spark.stats.EventStats;

/**
 * One averaging round's wall time split into its phases, averaged over the last {@code rounds} rounds of DL4J's
 * training statistics (milliseconds). The phases add up to the round: wall = broadcast create (driver) + the
 * Spark job (each worker's broadcast fetch, network build, data loading and fitting, plus scheduling, result
 * transfer and tree aggregation) + the driver's own work (averaged-parameter processing, job setup).
 *
 * @param broadcastMs driver's broadcast creation + a worker's broadcast fetch and network build from it
 * @param fitMs       a worker's fitting (all its minibatches of the round)
 * @param dataMs      a worker's minibatch loading
 * @param workerOtherMs the rest of a worker's task: returning its parameters and updater state, DL4J's bookkeeping
 * @param aggregateMs the Spark job beyond a worker's own work: scheduling, results back, tree aggregation
 * @param driverMs    the rest of the round on the driver (processing the averaged parameters and updater, setup)
 */
public record RoundPhases(double wallMs, double broadcastMs, double fitMs, double dataMs, double workerOtherMs,
                          double aggregateMs, double driverMs) {

    /** The round's time outside a worker's fitting: what parameter averaging adds to the steps. */
    public double overheadMs() { return wallMs - fitMs; }

    static RoundPhases of(SparkTrainingStats stats, int workers, int rounds, double wallMs) {
        double create = perRound(stats, ParameterAveragingTrainingMasterStats.PARAMETER_AVERAGING_MASTER_BROADCAST_CREATE_TIMES_MS, rounds, 1);
        double job = perRound(stats, ParameterAveragingTrainingMasterStats.PARAMETER_AVERAGING_MASTER_AGGREGATE_TIMES_MS, rounds, 1);
        double workerFetch = perRound(stats, ParameterAveragingTrainingWorkerStats.PARAMETER_AVERAGING_WORKER_BROADCAST_GET_VALUE_TIME_MS, rounds, workers)
                + perRound(stats, ParameterAveragingTrainingWorkerStats.PARAMETER_AVERAGING_WORKER_INIT_TIME_MS, rounds, workers);
        double worker = perRound(stats, CommonSparkTrainingStats.WORKER_FLAT_MAP_TOTAL_TIME_MS, rounds, workers);
        double fit = perRound(stats, ParameterAveragingTrainingWorkerStats.PARAMETER_AVERAGING_WORKER_FIT_TIMES_MS, rounds, workers);
        double data = perRound(stats, CommonSparkTrainingStats.WORKER_FLAT_MAP_DATA_SET_GET_TIMES_MS, rounds, workers);
        return new RoundPhases(wallMs, create + workerFetch, fit, data, worker - workerFetch - fit - data, job - worker,
                wallMs - create - job);
    }

    /**
     * Mean per round and worker of a statistic's events in the last {@code rounds} rounds; DL4J appends every
     * round's events, so the earlier (warm-up) rounds are the list's head.
     */
    private static double perRound(SparkTrainingStats stats, String key, int rounds, int workers) {
        if (!stats.getKeySet().contains(key)) return 0;
        List<EventStats> events = stats.getValue(key);
        if (events == null || events.isEmpty()) return 0;
        int total = events.size(), perRound = Math.max(1, total / (rounds + 1));
        long sum = 0;
        for (EventStats e : events.subList(Math.max(0, total - perRound * rounds), total)) sum += e.getDurationMs();
        return (double) sum / rounds / workers;
    }
}
