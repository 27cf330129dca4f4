package org.rrlfn.jobs.train.config;

/** {@code rrlfn.train.sync}: what the ranks of a barrier stage all-reduce. */
public enum Sync {
    /** Parameters and Adam state, once a round: parameter averaging. */
    PARAMETERS("parameters"),
    /** Gradients, before every optimizer step (as DistributedDataParallel): one large minibatch split. */
    GRADIENTS("gradients");

    public final String key;

    Sync(String key) { this.key = key; }

    public static Sync of(String key) {
        for (Sync s : values()) if (s.key.equals(key)) return s;
        throw new IllegalArgumentException("must be parameters or gradients, got '" + key + "'");
    }
}
