package org.rrlfn.jobs.train.config;

import java.io.Serializable;
import org.rrlfn.model.losses.LossConfig;

/**
 * One warm-start stage: where it starts, how long and how fast it trains (after {@code warmupIterations} steps of
 * linear warm-up), what it minimises, and which of its models it validates and keeps ({@link Selection}).
 */
public record Stage(String name, int scale, StageInit init, boolean resetOptimizer, int iterations, double lr,
                    int lrHalvingPeriod, int warmupIterations, LossConfig loss, Selection selection) implements Serializable {

    /** A stage without warm-up that keeps its last model, as every stage did before EMA and validation in a stage. */
    public Stage(String name, int scale, StageInit init, boolean resetOptimizer, int iterations, double lr,
                 int lrHalvingPeriod, LossConfig loss) {
        this(name, scale, init, resetOptimizer, iterations, lr, lrHalvingPeriod, 0, loss, Selection.LAST);
    }
}
