package org.rrlfn.model.memory;

import org.rrlfn.model.arch.ConvSpec;
import org.rrlfn.model.arch.NetworkOps;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.arch.RrlfnNetwork;

/**
 * The feature maps one sample's pass through the network writes, counted in elements: every op output of the graph
 * {@code SameDiffBuilder} builds (a RepConv's two branches and their sum, or one conv where the graph merges the
 * kernel), the separable resize's intermediate, the pixel shuffle's copy. Kernels and other parameter-sized arrays
 * are left out: they are counted as parameters.
 */
final class FeatureMaps implements NetworkOps<FeatureMaps.Map> {

    /** A feature map of one sample: channels × h × w. */
    record Map(long channels, long h, long w) {
        long elements() { return channels * h * w; }
    }

    private final RrlfnConfig config;
    private long total;
    private long largest;

    private FeatureMaps(RrlfnConfig config) {
        this.config = config;
    }

    /** The network's maps for one lrH × lrW sample, the input included. */
    static FeatureMaps of(RrlfnConfig config, long lrH, long lrW) {
        FeatureMaps maps = new FeatureMaps(config);
        RrlfnNetwork.forward(maps, maps.written(new Map(3, lrH, lrW)));
        return maps;
    }

    /** Elements of every map written, summed. */
    long total() { return total; }

    /** Elements of the largest single map. */
    long largest() { return largest; }

    /** Counts a map written outside the network (the loss's) and returns it. */
    Map written(Map m) {
        total += m.elements();
        largest = Math.max(largest, m.elements());
        return m;
    }

    @Override public RrlfnConfig config() { return config; }

    @Override public Map conv(Map x, ConvSpec spec) {
        return written(new Map(spec.out(), spec.outSide(x.h()), spec.outSide(x.w())));
    }

    @Override public Map parallelConvs(Map x, ConvSpec wide, ConvSpec narrow) {
        return config.trainsMergedKernel() ? conv(x, wide) : NetworkOps.super.parallelConvs(x, wide, narrow);
    }

    @Override public Map activation(Map x) { return written(x); }
    @Override public Map add(Map a, Map b) { return written(a); }
    @Override public Map mul(Map a, Map b) { return written(a); }
    @Override public Map sigmoid(Map x) { return written(x); }

    @Override public Map maxPool(Map x, int kernel, int stride) {
        return written(new Map(x.channels(), NetworkOps.slidingSide(x.h(), kernel, stride, 0),
                NetworkOps.slidingSide(x.w(), kernel, stride, 0)));
    }

    /** Separable: rows first (an intermediate of the output's height and the input's width), then columns. */
    @Override public Map resize(Map x, Map like) {
        written(new Map(x.channels(), like.h(), x.w()));
        return written(new Map(x.channels(), like.h(), like.w()));
    }

    /** Reshape and permute are views; the final reshape of the permuted view copies. */
    @Override public Map pixelShuffle(Map x, int r) {
        return written(new Map(x.channels() / ((long) r * r), x.h() * r, x.w() * r));
    }
}
