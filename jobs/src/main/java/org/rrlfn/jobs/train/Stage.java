package org.rrlfn.jobs.train;

import java.io.Serializable;

/**
 * One warm-start stage. {@code init}: "scratch", "previous", or the name of an earlier stage; across a scale
 * change every parameter but the upsampler's is copied.
 */
public record Stage(String name, int scale, String init, boolean resetOptimizer, int iterations, double lr,
                    int lrHalvingPeriod, boolean contrastive) implements Serializable {
    public static final String SCRATCH = "scratch";
    public static final String PREVIOUS = "previous";
}
