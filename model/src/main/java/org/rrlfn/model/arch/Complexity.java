package org.rrlfn.model.arch;

/**
 * Parameter and multiply-accumulate counts. MACs count convolutions only (activations, ESA's pooling,
 * bilinear resize and sigmoid are elementwise and add well under 1%). FLOPs = 2 · MACs.
 */
public final class Complexity {
    private Complexity() { }

    public static long parameters(RrlfnConfig c) {
        return ParamLayout.of(c).count();
    }

    /** Exact conv MACs for one h×w LR input. */
    public static long macs(RrlfnConfig c, long h, long w) {
        MacCounter counter = new MacCounter(c, false);
        RrlfnNetwork.forward(counter, new Area(h, w));
        return counter.macs;
    }

    /**
     * Conv MACs per LR pixel for large images: every window is counted as stride² input pixels (ESA's strided conv
     * runs on ¼ of the pixels, its pooled conv on 1/36), the limit of the exact counts as H, W grow.
     */
    public static double macsPerPixel(RrlfnConfig c) {
        long side = 6_000;  // any multiple of 6 keeps the side of every strided map exact
        MacCounter counter = new MacCounter(c, true);
        RrlfnNetwork.forward(counter, new Area(side, side));
        return counter.macs / (double) (side * side);
    }

    /** The spatial size of a feature map. */
    record Area(long h, long w) { }

    /**
     * Counts out·in·k² MACs at every output pixel of every conv. RepConv's branches count as one 3×3 conv where the
     * graph merges them (DEPLOY, or TRAIN with in-graph merged kernels), else as a 3×3 and a 1×1 conv.
     */
    private static final class MacCounter implements NetworkOps<Area> {
        private final RrlfnConfig config;
        private final boolean limit;
        private long macs;

        MacCounter(RrlfnConfig config, boolean limit) {
            this.config = config;
            this.limit = limit;
        }

        @Override public RrlfnConfig config() { return config; }

        @Override public Area conv(Area x, ConvSpec spec) {
            Area out = window(x, spec.kernel(), spec.stride(), spec.padding());
            macs += (long) spec.out() * spec.in() * spec.kernel() * spec.kernel() * out.h() * out.w();
            return out;
        }

        @Override public Area parallelConvs(Area x, ConvSpec wide, ConvSpec narrow) {
            return config.trainsMergedKernel() ? conv(x, wide) : NetworkOps.super.parallelConvs(x, wide, narrow);
        }

        @Override public Area maxPool(Area x, int kernel, int stride) { return window(x, kernel, stride, 0); }

        /** A sliding window's output; in the limit, borders vanish and each side is divided by the stride. */
        private Area window(Area x, int kernel, int stride, int padding) {
            return limit ? new Area(x.h() / stride, x.w() / stride)
                    : new Area(NetworkOps.slidingSide(x.h(), kernel, stride, padding),
                            NetworkOps.slidingSide(x.w(), kernel, stride, padding));
        }

        @Override public Area activation(Area x) { return x; }
        @Override public Area add(Area a, Area b) { return a; }
        @Override public Area mul(Area a, Area b) { return a; }
        @Override public Area resize(Area x, Area like) { return like; }
        @Override public Area sigmoid(Area x) { return x; }
        @Override public Area pixelShuffle(Area x, int r) { return new Area(x.h() * r, x.w() * r); }
    }
}
