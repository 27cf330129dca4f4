package org.rrlfn.model.arch;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The description as a SameDiff graph: parameters looked up by name in the {@link GraphContext}, and every feature
 * map's static size carried along, which the separable bilinear resize and the pixel shuffle need. Inside, feature
 * maps are NHWC, the layout oneDNN convolves in ({@link GraphContext#conv}); {@link #input} converts at the edge and
 * the pixel shuffle, the last op, writes NCHW ({@link #output} converts any other map), so the graph takes and gives
 * NCHW like the rest of the project.
 */
public final class SameDiffBuilder implements NetworkOps<SameDiffBuilder.Feature> {

    /** A feature map [N, h, w, channels], or [N, channels, h, w] when nchw; the batch size stays dynamic. */
    public record Feature(SDVariable variable, long channels, long h, long w, boolean nchw) {
        Feature(SDVariable variable, long channels, long h, long w) { this(variable, channels, h, w, false); }

        Feature with(SDVariable v) { return new Feature(v, channels, h, w); }

        /** The map as the ops take it; the pixel shuffle's NCHW map is the network's output, never an op's input. */
        SDVariable nhwc() {
            if (nchw) throw new IllegalStateException("an op after the pixel shuffle: its map is already NCHW");
            return variable;
        }
    }

    private final GraphContext g;

    public SameDiffBuilder(GraphContext g) {
        this.g = g;
    }

    /** x: [N, channels, h, w]. */
    public Feature input(SDVariable x, long channels, long h, long w) {
        return new Feature(g.toNhwc(x), channels, h, w);
    }

    /** The map as [N, channels, h, w]. */
    public SDVariable output(Feature x) {
        return x.nchw() ? x.variable() : g.toNchw(x.variable());
    }

    @Override public RrlfnConfig config() { return g.config(); }

    @Override public Feature conv(Feature x, ConvSpec spec) {
        return conv(x, spec, weight(spec), g.param(spec.bias()));
    }

    /**
     * Eq. 6 by linearity when the config trains merged kernels: one conv with W3 + pad(W1) and b3 + b1 (the
     * narrow branch is RepConv's 1×1), so values and gradients equal the two-branch sum.
     */
    @Override public Feature parallelConvs(Feature x, ConvSpec wide, ConvSpec narrow) {
        if (!config().trainsMergedKernel()) return NetworkOps.super.parallelConvs(x, wide, narrow);
        SDVariable w = weight(wide).add(zeroPadToSide(weight(narrow), wide.kernel()));
        return conv(x, wide, w, g.param(wide.bias()).add(g.param(narrow.bias())));
    }

    /**
     * A 1×1 kernel [out, in, 1, 1] as the k×k kernel with it at the centre tap and zeros elsewhere: a pad, whose
     * gradient is a slice (a broadcast multiply by a one-hot k×k did the same, with a reduction in its backward that
     * cost ~70 ms a ×4 step: docs/benchmarks.md, "Where a training step's time goes").
     */
    private SDVariable zeroPadToSide(SDVariable w1, int k) {
        int p = k / 2;
        INDArray padding = Nd4j.createFromArray(new int[][]{{0, 0}, {0, 0}, {p, p}, {p, p}});
        return g.sd().nn().pad(w1, g.sd().constant(padding), 0.0);
    }

    private Feature conv(Feature x, ConvSpec spec, SDVariable w, SDVariable b) {
        SDVariable y = g.conv(x.nhwc(), w, b, spec.kernel(), spec.stride(), spec.padding());
        return new Feature(y, spec.out(), spec.outSide(x.h()), spec.outSide(x.w()));
    }

    private SDVariable weight(ConvSpec spec) {
        SDVariable w = g.param(spec.weight());
        if (w.getShape() != null) spec.checkWeightShape(w.getShape(), config());
        return w;
    }

    @Override public Feature activation(Feature x) {
        return x.with(config().activation() == RrlfnConfig.Activation.RELU
                ? g.sd().nn().relu(x.nhwc(), 0.0)
                : g.sd().nn().leakyRelu(x.nhwc(), config().negativeSlope()));
    }

    @Override public Feature add(Feature a, Feature b) { return a.with(a.nhwc().add(b.nhwc())); }

    @Override public Feature mul(Feature a, Feature b) { return a.with(a.nhwc().mul(b.nhwc())); }

    @Override public Feature maxPool(Feature x, int kernel, int stride) {
        SDVariable y = g.sd().cnn().maxPooling2d(x.nhwc(), Pooling2DConfig.builder()
                .kH(kernel).kW(kernel).sH(stride).sW(stride).pH(0).pW(0).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).isNHWC(true).build());
        return new Feature(y, x.channels(), NetworkOps.slidingSide(x.h(), kernel, stride, 0),
                NetworkOps.slidingSide(x.w(), kernel, stride, 0));
    }

    @Override public Feature resize(Feature x, Feature like) {
        if (like.channels() != x.channels())
            throw new IllegalArgumentException("resize to the size of a map with " + like.channels() + " channels, not "
                    + x.channels() + ": the ONNX Resize takes its whole output shape from it");
        SDVariable y = BilinearResize.resize(g, x.nhwc(), x.channels(), x.h(), x.w(), like.h(), like.w());
        return new Feature(y, x.channels(), like.h(), like.w());
    }

    @Override public Feature sigmoid(Feature x) { return x.with(g.sd().nn().sigmoid(x.nhwc())); }

    @Override public Feature pixelShuffle(Feature x, int r) {
        long c = x.channels() / ((long) r * r);
        return new Feature(PixelShuffle.crd(g.sd(), x.nhwc(), r, c, x.h(), x.w()), c, x.h() * r, x.w() * r, true);
    }
}
