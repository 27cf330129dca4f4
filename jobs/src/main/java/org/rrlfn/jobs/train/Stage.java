package org.rrlfn.jobs.train;

import java.io.Serializable;

/**
 * One warm-start stage. {@code init}: "scratch", "previous", the name of an earlier stage, or the path or URI of a
 * DL4J model zip (any Hadoop file system; e.g. one written by {@code rrlfn import}); across a scale change every
 * parameter but the upsampler's is copied.
 */
public record Stage(String name, int scale, String init, boolean resetOptimizer, int iterations, double lr,
                    int lrHalvingPeriod, boolean contrastive) implements Serializable {
    public static final String SCRATCH = "scratch";
    public static final String PREVIOUS = "previous";

    /** An init that names a model file rather than a stage: a path or URI ending in .zip. */
    public static boolean isModelFile(String init) {
        return init.toLowerCase(java.util.Locale.ROOT).endsWith(".zip");
    }

    public boolean initFromModelFile() { return isModelFile(init); }
}
