package org.rrlfn.model.losses;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/** Which training loss a model is built with: L1, or L1 + weight · contrastive (paper eq. 9). */
public final class LossConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Kind { L1, L1_CONTRASTIVE }

    private final Kind kind;
    private final double weight;
    private final double[] lambdas;
    private final int[] extractorChannels;
    private final long extractorSeed;

    public LossConfig(Kind kind, double weight, double[] lambdas, int[] extractorChannels, long extractorSeed) {
        this.kind = Objects.requireNonNull(kind, "kind");
        if (weight < 0) throw new IllegalArgumentException("contrastive weight must be >= 0, got " + weight);
        if (lambdas.length != 2 || extractorChannels.length != 2)
            throw new IllegalArgumentException("the extractor has two feature levels: need 2 lambdas and 2 widths");
        for (int c : extractorChannels) if (c < 1) throw new IllegalArgumentException("extractor widths must be positive");
        this.weight = weight;
        this.lambdas = lambdas.clone();
        this.extractorChannels = extractorChannels.clone();
        this.extractorSeed = extractorSeed;
    }

    public static LossConfig l1() {
        return new LossConfig(Kind.L1, 0.1, new double[]{1, 1}, new int[]{16, 16}, 0);
    }

    public LossConfig withKind(Kind k) { return new LossConfig(k, weight, lambdas, extractorChannels, extractorSeed); }

    public Kind kind() { return kind; }
    public double weight() { return weight; }
    public double[] lambdas() { return lambdas.clone(); }
    public int[] extractorChannels() { return extractorChannels.clone(); }
    public long extractorSeed() { return extractorSeed; }

    public FeatureExtractor extractor() { return new FeatureExtractor(extractorChannels, extractorSeed); }

    @Override public boolean equals(Object o) {
        return o instanceof LossConfig l && kind == l.kind && weight == l.weight && Arrays.equals(lambdas, l.lambdas)
                && Arrays.equals(extractorChannels, l.extractorChannels) && extractorSeed == l.extractorSeed;
    }

    @Override public int hashCode() {
        return Objects.hash(kind, weight, Arrays.hashCode(lambdas), Arrays.hashCode(extractorChannels), extractorSeed);
    }

    @Override public String toString() {
        return kind == Kind.L1 ? "L1" : "L1 + " + weight + " x contrastive (lambdas " + Arrays.toString(lambdas)
                + ", extractor " + Arrays.toString(extractorChannels) + ", seed " + extractorSeed + ")";
    }
}
