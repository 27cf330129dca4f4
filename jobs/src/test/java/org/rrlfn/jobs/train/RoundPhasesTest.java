package org.rrlfn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.SparkContext;
import org.deeplearning4j.spark.api.stats.CommonSparkTrainingStats;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.impl.paramavg.stats.ParameterAveragingTrainingMasterStats;
import org.deeplearning4j.spark.impl.paramavg.stats.ParameterAveragingTrainingWorkerStats;
import org.deeplearning4j.spark.stats.BaseEventStats;
import org.deeplearning4j.spark.stats.EventStats;
import org.junit.jupiter.api.Test;

/**
 * One averaging round split into phases from dl4j-spark's statistics: the timed rounds are the last events (a
 * warm-up round comes first), the master's events once per round, the workers' once per worker and round.
 */
class RoundPhasesTest {
    private static List<EventStats> events(long... ms) {
        List<EventStats> out = new ArrayList<>();
        for (long m : ms) out.add(new BaseEventStats(0, m));
        return out;
    }

    @Test
    void phasesPerRoundFromTheLastRoundsEvents() {
        Map<String, List<EventStats>> values = Map.of(
                ParameterAveragingTrainingMasterStats.PARAMETER_AVERAGING_MASTER_BROADCAST_CREATE_TIMES_MS, events(999, 10, 20),
                ParameterAveragingTrainingMasterStats.PARAMETER_AVERAGING_MASTER_AGGREGATE_TIMES_MS, events(999, 100, 120),
                ParameterAveragingTrainingWorkerStats.PARAMETER_AVERAGING_WORKER_BROADCAST_GET_VALUE_TIME_MS,
                events(999, 999, 5, 5, 5, 5),
                CommonSparkTrainingStats.WORKER_FLAT_MAP_TOTAL_TIME_MS, events(999, 999, 80, 80, 80, 80),
                ParameterAveragingTrainingWorkerStats.PARAMETER_AVERAGING_WORKER_FIT_TIMES_MS, events(999, 999, 50, 50, 50, 50),
                CommonSparkTrainingStats.WORKER_FLAT_MAP_DATA_SET_GET_TIMES_MS, events(999, 999, 10, 10, 10, 10));
        RoundPhases p = RoundPhases.of(stats(values), 2, 2, 200);
        // broadcast: create 15 + worker fetch 5 (init time absent); worker other: 80 - 5 - 50 - 10; aggregate: 110 - 80.
        assertEquals(new RoundPhases(200, 20, 50, 10, 15, 30, 75), p);
        assertEquals(150, p.overheadMs());
    }

    private static SparkTrainingStats stats(Map<String, List<EventStats>> values) {
        return new SparkTrainingStats() {
            @Override public Set<String> getKeySet() { return values.keySet(); }

            @Override public List<EventStats> getValue(String key) { return values.get(key); }

            @Override public String getShortNameForKey(String key) { return key; }

            @Override public boolean defaultIncludeInPlots(String key) { return false; }

            @Override public void addOtherTrainingStats(SparkTrainingStats other) { }

            @Override public SparkTrainingStats getNestedTrainingStats() { return null; }

            @Override public String statsAsString() { return values.toString(); }

            @Override public void exportStatFiles(String path, SparkContext sc) { }
        };
    }
}
