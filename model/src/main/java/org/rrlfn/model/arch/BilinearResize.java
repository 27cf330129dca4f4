package org.rrlfn.model.arch;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Differentiable bilinear resize with PyTorch's {@code align_corners=False} semantics, as interpolation
 * matrices applied by {@link SeparableResize}; A depends only on the (static) sizes.
 */
public final class BilinearResize {
    private BilinearResize() { }

    /**
     * NHWC x: [N, h, w, c] to [N, outH, outW, c]. The matmuls run on NCHW: the map resized is ESA's pooled one, a few
     * pixels a side, so turning it round costs less than a third matmul would.
     */
    public static SDVariable resize(GraphContext g, SDVariable x, long c, long h, long w, long outH, long outW) {
        return g.toNhwc(SeparableResize.apply(g, g.toNchw(x), c, matrix(h, outH), matrix(w, outW)));
    }

    /**
     * A [out, in]: row i holds the weights of output sample i. Source coordinate (i + ½)·in/out − ½, clamped
     * to [0, in − 1] (PyTorch clamps below at 0 and repeats the last sample above); weight of input k is
     * max(0, 1 − |src − k|).
     */
    public static INDArray matrix(long in, long out) {
        INDArray a = GraphContext.zeros(out, in);
        double scale = (double) in / out;
        for (long i = 0; i < out; i++) {
            double src = Math.min(Math.max((i + 0.5) * scale - 0.5, 0.0), in - 1);
            long k0 = (long) Math.floor(src);
            long k1 = Math.min(k0 + 1, in - 1);
            double frac = src - k0;
            a.putScalar(new long[]{i, k0}, a.getDouble(i, k0) + (1 - frac));
            a.putScalar(new long[]{i, k1}, a.getDouble(i, k1) + frac);
        }
        return a;
    }
}
