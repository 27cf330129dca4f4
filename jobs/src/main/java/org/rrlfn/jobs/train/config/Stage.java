package org.rrlfn.jobs.train.config;

import java.io.Serializable;
import org.rrlfn.model.losses.LossConfig;

/**
 * One warm-start stage: where it starts, how long and how fast it trains (after {@code warmupIterations} steps of
 * linear warm-up), what it minimises, and which of its models it validates and keeps ({@link Selection}), on HR crops
 * of {@code hrPatch} pixels, {@code batchSize} of them a step over all workers (the run's unless the stage sets its own).
 */
public record Stage(String name, int scale, StageInit init, boolean resetOptimizer, int iterations, double lr,
                    int lrHalvingPeriod, int warmupIterations, LossConfig loss, Selection selection, int hrPatch,
                    int batchSize) implements Serializable {
    /** RLFN's training crops: 256-pixel HR crops, 64 a step. */
    public static final int RLFN_HR_PATCH = 256, RLFN_BATCH_SIZE = 64;

    /**
     * A stage on RLFN's crops without warm-up that keeps its last model, as every stage did before EMA, validation in a
     * stage and a stage's own crops.
     */
    public Stage(String name, int scale, StageInit init, boolean resetOptimizer, int iterations, double lr,
                 int lrHalvingPeriod, LossConfig loss) {
        this(name, scale, init, resetOptimizer, iterations, lr, lrHalvingPeriod, 0, loss, Selection.LAST,
                RLFN_HR_PATCH, RLFN_BATCH_SIZE);
    }
}
