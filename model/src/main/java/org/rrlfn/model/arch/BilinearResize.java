package org.rrlfn.model.arch;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Differentiable bilinear resize with PyTorch's {@code align_corners=False} semantics, written as
 * interpolation matrices: out = A_h · X · A_wᵀ per channel. SameDiff's own resize has no gradient; matmul,
 * reshape and permute do, and A depends only on the (static) sizes.
 */
public final class BilinearResize {
    private BilinearResize() { }

    /** x: [N, c, h, w] to [N, c, outH, outW]. */
    public static SDVariable resize(GraphContext g, SDVariable x, long c, long h, long w, long outH, long outW) {
        SameDiff sd = g.sd();
        SDVariable awT = g.constant(matrix(w, outW).transpose());   // [w, outW]
        SDVariable ahT = g.constant(matrix(h, outH).transpose());   // [h, outH]
        SDVariable rows = sd.mmul(sd.reshape(x, -1, w), awT);       // [N·C·h, outW]
        SDVariable t = sd.permute(sd.reshape(rows, -1, c, h, outW), 0, 1, 3, 2); // [N, C, outW, h]
        SDVariable cols = sd.mmul(sd.reshape(t, -1, h), ahT);       // [N·C·outW, outH]
        return sd.permute(sd.reshape(cols, -1, c, outW, outH), 0, 1, 3, 2);
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
