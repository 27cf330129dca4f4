package org.rrlfn.jobs.train.config;

/**
 * {@code rrlfn.train.averaging}: how a round of parameter averaging runs. Both compute the same rounds
 * ({@code AveragingRounds}); they differ in what a round costs beyond the steps.
 */
public enum Averaging {
    /** One long-lived task per worker (a rank) for the stage; the ranks all-reduce among themselves. */
    BARRIER("barrier"),
    /** DL4J's ParameterAveragingTrainingMaster, which rebuilds every worker's network each round. */
    DL4J("dl4j");

    public final String key;

    Averaging(String key) { this.key = key; }

    public static Averaging of(String key) {
        for (Averaging p : values()) if (p.key.equals(key)) return p;
        if (key.equals("resident"))
            throw new IllegalArgumentException("resident is retired: barrier computes the same rounds with an"
                    + " all-reduce among the workers (set barrier, or dl4j for DL4J's own master)");
        throw new IllegalArgumentException("must be barrier or dl4j, got '" + key + "'");
    }
}
