package org.rrlfn.jobs.train;

import java.io.Serializable;
import org.rrlfn.model.losses.LossConfig;

/** One warm-start stage: where it starts, how long and how fast it trains, and what it minimises. */
public record Stage(String name, int scale, StageInit init, boolean resetOptimizer, int iterations, double lr,
                    int lrHalvingPeriod, LossConfig loss) implements Serializable {
}
