package org.rrlfn.model;

import java.util.Locale;

/**
 * Where a network's training step (forward, loss, backward) runs ({@code rrlfn.train.engine}). Either engine
 * computes the same objective of the same parameters, named and stored by the same layout, and DL4J's updater
 * applies the step, so a run may change engines at any resume; the engine is how a step runs, never what is
 * trained.
 */
public enum Engine {
    /** The SameDiff graph (SameDiffBuilder) on ND4J. */
    DL4J,
    /** libtorch's ATen ops through the JavaCPP presets (torch.TorchOps), on the CPU or a CUDA device. */
    TORCH;

    public String key() { return name().toLowerCase(Locale.ROOT); }

    public static Engine of(String key) {
        for (Engine e : values()) if (e.key().equals(key)) return e;
        throw new IllegalArgumentException("must be dl4j or torch, got '" + key + "'");
    }
}
