package org.rrlfn.model.losses;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * Which training loss a model is built with: a registered pixel loss ({@link Losses}), optionally plus
 * weight · contrastive (paper eq. 9; type {@code <pixel>+contrastive}). The contrastive settings are carried
 * whatever the type, so a stage's loss differs from another only in what it names.
 */
public final class LossConfig implements Serializable {
    private static final long serialVersionUID = 2L;

    private final String type;
    private final double weight;
    private final double[] lambdas;
    private final int[] extractorChannels;
    private final long extractorSeed;

    /** @throws IllegalArgumentException for a type no loss is registered under, or unusable contrastive settings */
    public LossConfig(String type, double weight, double[] lambdas, int[] extractorChannels, long extractorSeed) {
        this.type = Losses.canonical(Objects.requireNonNull(type, "type"));
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
        return new LossConfig("l1", 0.1, new double[]{1, 1}, new int[]{16, 16}, 0);
    }

    public LossConfig withType(String t) { return new LossConfig(t, weight, lambdas, extractorChannels, extractorSeed); }

    public LossConfig withWeight(double w) { return new LossConfig(type, w, lambdas, extractorChannels, extractorSeed); }

    /** The canonical type, e.g. {@code l1} or {@code l1+contrastive}. */
    public String type() { return type; }
    /** The pixel loss's registered name: the type without the contrastive suffix. */
    public String pixel() { return contrastive() ? type.substring(0, type.length() - Losses.CONTRASTIVE.length()) : type; }
    public boolean contrastive() { return type.endsWith(Losses.CONTRASTIVE); }
    public double weight() { return weight; }
    public double[] lambdas() { return lambdas.clone(); }
    public int[] extractorChannels() { return extractorChannels.clone(); }
    public long extractorSeed() { return extractorSeed; }

    public FeatureExtractor extractor() { return new FeatureExtractor(extractorChannels, extractorSeed); }

    @Override public boolean equals(Object o) {
        return o instanceof LossConfig l && type.equals(l.type) && weight == l.weight && Arrays.equals(lambdas, l.lambdas)
                && Arrays.equals(extractorChannels, l.extractorChannels) && extractorSeed == l.extractorSeed;
    }

    @Override public int hashCode() {
        return Objects.hash(type, weight, Arrays.hashCode(lambdas), Arrays.hashCode(extractorChannels), extractorSeed);
    }

    @Override public String toString() {
        return !contrastive() ? pixel() : pixel() + " + " + weight + " x contrastive (lambdas " + Arrays.toString(lambdas)
                + ", extractor " + Arrays.toString(extractorChannels) + ", seed " + extractorSeed + ")";
    }
}
