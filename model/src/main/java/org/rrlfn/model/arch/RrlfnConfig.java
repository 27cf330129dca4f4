package org.rrlfn.model.arch;

import java.io.Serializable;
import java.util.Objects;

/**
 * Hyper-parameters of one RRLFN instance. Defaults are RLFN_S's (48 channels, 6 blocks, ESA 16,
 * LeakyReLU 0.05), which give the paper's fused parameter counts.
 */
public final class RrlfnConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** TRAIN carries the parallel 1×1 branch of every RepConv; DEPLOY has one 3×3 conv in its place. */
    public enum Form { TRAIN, DEPLOY }

    public enum Activation { LEAKY_RELU, RELU }

    /** ESA's strided 3×3 conv followed by its 7×7/3 max pool needs at least this many input pixels a side. */
    public static final int MIN_INPUT_SIDE = 15;

    private final int scale;
    private final int channels;
    private final int blocks;
    private final int esaChannels;
    private final Activation activation;
    private final double negativeSlope;
    private final Form form;
    private final boolean mergeBranchesInGraph;

    public RrlfnConfig(int scale, int channels, int blocks, int esaChannels, Activation activation,
                       double negativeSlope, Form form, boolean mergeBranchesInGraph) {
        if (scale < 2 || scale > 4) throw new IllegalArgumentException("scale must be 2, 3 or 4, got " + scale);
        if (channels < 1) throw new IllegalArgumentException("channels must be positive, got " + channels);
        if (blocks < 1) throw new IllegalArgumentException("blocks must be positive, got " + blocks);
        if (esaChannels < 1) throw new IllegalArgumentException("ESA channels must be positive, got " + esaChannels);
        if (negativeSlope < 0 || negativeSlope >= 1)
            throw new IllegalArgumentException("negative slope must be in [0, 1), got " + negativeSlope);
        this.scale = scale;
        this.channels = channels;
        this.blocks = blocks;
        this.esaChannels = esaChannels;
        this.activation = Objects.requireNonNull(activation, "activation");
        this.negativeSlope = negativeSlope;
        this.form = Objects.requireNonNull(form, "form");
        this.mergeBranchesInGraph = mergeBranchesInGraph;
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

    public int scale() { return scale; }
    public int channels() { return channels; }
    public int blocks() { return blocks; }
    public int esaChannels() { return esaChannels; }
    public Activation activation() { return activation; }
    public double negativeSlope() { return negativeSlope; }
    public Form form() { return form; }
    public boolean mergeBranchesInGraph() { return mergeBranchesInGraph; }

    @Override public boolean equals(Object o) {
        if (!(o instanceof RrlfnConfig)) return false;
        RrlfnConfig c = (RrlfnConfig) o;
        return scale == c.scale && channels == c.channels && blocks == c.blocks && esaChannels == c.esaChannels
                && activation == c.activation && Double.compare(negativeSlope, c.negativeSlope) == 0
                && form == c.form && mergeBranchesInGraph == c.mergeBranchesInGraph;
    }

    @Override public int hashCode() {
        return Objects.hash(scale, channels, blocks, esaChannels, activation, negativeSlope, form, mergeBranchesInGraph);
    }

    @Override public String toString() {
        return "RRLFN x" + scale + " " + form + " (C=" + channels + ", blocks=" + blocks + ", ESA=" + esaChannels
                + ", " + activation + (activation == Activation.LEAKY_RELU ? " " + negativeSlope : "") + ")";
    }
}
