package org.rrlfn.model.losses;

import org.bytedeco.pytorch.Tensor;

/** The losses' fixed arrays (extractor kernels, interpolation matrices) as torch tensors of another tensor's type. */
final class TorchConstants {
    private TorchConstants() { }

    /** [rows, cols]. */
    static Tensor matrix(double[][] m, Tensor like) {
        double[] flat = new double[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) System.arraycopy(m[i], 0, flat, i * m[0].length, m[0].length);
        return like(Tensor.create(flat, m.length, m[0].length), like);
    }

    /** [out, in, k, k]. */
    static Tensor kernel(double[][][][] k, Tensor like) {
        int out = k.length, in = k[0].length, kh = k[0][0].length, kw = k[0][0][0].length;
        double[] flat = new double[out * in * kh * kw];
        int n = 0;
        for (double[][][] o : k) for (double[][] i : o) for (double[] r : i) for (double v : r) flat[n++] = v;
        return like(Tensor.create(flat, out, in, kh, kw), like);
    }

    static Tensor vector(double[] v, Tensor like) {
        return like(Tensor.create(v, v.length), like);
    }

    private static Tensor like(Tensor doubles, Tensor like) {
        return doubles.to(like.device(), like.scalar_type());
    }
}
