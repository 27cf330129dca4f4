package org.rrlfn.model.arch;

import java.io.Serializable;
import java.util.Objects;

/**
 * Hyper-parameters of one RRLFN instance. Defaults are RLFN_S's (48 channels, 6 blocks, ESA 16,
 * LeakyReLU 0.05), which give the paper's fused parameter counts.
 *
 * @param form                 TRAIN carries the parallel 1×1 branch of every RepConv; DEPLOY one 3×3 conv in its place
 * @param mergeBranchesInGraph TRAIN form only: the RepConv branches run as one in-graph merged kernel
 */
public record RrlfnConfig(int scale, int channels, int blocks, int esaChannels, Activation activation,
                          double negativeSlope, Form form, boolean mergeBranchesInGraph) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** TRAIN carries the parallel 1×1 branch of every RepConv; DEPLOY has one 3×3 conv in its place. */
    public enum Form { TRAIN, DEPLOY }

    public enum Activation { LEAKY_RELU, RELU }

    /** ESA's strided 3×3 conv followed by its 7×7/3 max pool needs at least this many input pixels a side. */
    public static final int MIN_INPUT_SIDE = 15;

    public RrlfnConfig {
        if (scale < 2 || scale > 4) throw new IllegalArgumentException("scale must be 2, 3 or 4, got " + scale);
        if (channels < 1) throw new IllegalArgumentException("channels must be positive, got " + channels);
        if (blocks < 1) throw new IllegalArgumentException("blocks must be positive, got " + blocks);
        if (esaChannels < 1) throw new IllegalArgumentException("ESA channels must be positive, got " + esaChannels);
        if (negativeSlope < 0 || negativeSlope >= 1)
            throw new IllegalArgumentException("negative slope must be in [0, 1), got " + negativeSlope);
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(form, "form");
    }

    /** The paper's network: 48 channels, 6 blocks, ESA 16, LeakyReLU 0.05, TRAIN form, merged kernels. */
    public static RrlfnConfig paper(int scale) {
        return new RrlfnConfig(scale, 48, 6, 16, Activation.LEAKY_RELU, 0.05, Form.TRAIN, true);
    }

    public RrlfnConfig withForm(Form f) {
        return new RrlfnConfig(scale, channels, blocks, esaChannels, activation, negativeSlope, f, mergeBranchesInGraph);
    }

    public RrlfnConfig withScale(int s) {
        return new RrlfnConfig(s, channels, blocks, esaChannels, activation, negativeSlope, form, mergeBranchesInGraph);
    }

    public RrlfnConfig withMergeBranchesInGraph(boolean merge) {
        return new RrlfnConfig(scale, channels, blocks, esaChannels, activation, negativeSlope, form, merge);
    }

    public RrlfnConfig withActivation(Activation a, double slope) {
        return new RrlfnConfig(scale, channels, blocks, esaChannels, a, slope, form, mergeBranchesInGraph);
    }

    public RrlfnConfig withWidth(int channels, int blocks, int esaChannels) {
        return new RrlfnConfig(scale, channels, blocks, esaChannels, activation, negativeSlope, form, mergeBranchesInGraph);
    }

    /** Rejects inputs too small for ESA, naming the offending size. */
    public static void checkInputSize(long height, long width) {
        if (height < MIN_INPUT_SIDE || width < MIN_INPUT_SIDE)
            throw new IllegalArgumentException("input " + height + "x" + width + " is too small: RRLFN's ESA needs H, W >= "
                    + MIN_INPUT_SIDE + " (3x3 stride-2 conv, then 7x7 stride-3 max pool)");
    }

    /** The RepConvs train as one in-graph merged kernel (else as two explicit branches). */
    public boolean trainsMergedKernel() {
        return form == Form.TRAIN && mergeBranchesInGraph;
    }

    @Override public String toString() {
        return "RRLFN x" + scale + " " + form + " (C=" + channels + ", blocks=" + blocks + ", ESA=" + esaChannels
                + ", " + activation + (activation == Activation.LEAKY_RELU ? " " + negativeSlope : "") + ")";
    }
}
