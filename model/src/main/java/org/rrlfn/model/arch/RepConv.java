package org.rrlfn.model.arch;

/**
 * Re-parameterizable 3×3 convolution (paper eq. 6). TRAIN: a 3×3 and a parallel 1×1 branch, summed,
 * Conv3(x) + Conv1(x). DEPLOY: one 3×3 conv. The TRAIN form may run as one conv whose kernel W3 + pad(W1) is built
 * inside the graph ({@link NetworkOps#parallelConvs}), so values and gradients equal the two-branch sum while costing
 * one convolution. No BN on the branches (see Fusion).
 */
public final class RepConv {
    private RepConv() { }

    public static <T> T forward(NetworkOps<T> ops, String prefix, T x) {
        int ch = ops.config().channels();
        if (ops.config().form() == RrlfnConfig.Form.DEPLOY) return ops.conv(x, ConvSpec.same(prefix, ch, ch, 3));
        return ops.parallelConvs(x, ConvSpec.same(Names.branch3(prefix), ch, ch, 3),
                ConvSpec.same(Names.branch1(prefix), ch, ch, 1));
    }
}
