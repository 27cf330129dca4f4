package org.rrlfn.model.arch;

/**
 * Re-parameterized residual local feature block (paper eq. 2–3):
 * F_out = ESA(Conv1(F_in + RM_3(RM_2(RM_1(F_in))))), RM_r = activation ∘ RepConv.
 */
public final class Rrlfb {
    private Rrlfb() { }

    public static <T> T forward(NetworkOps<T> ops, int block, T in) {
        int ch = ops.config().channels();
        T refined = in;
        for (int r = 1; r <= 3; r++) refined = ops.activation(RepConv.forward(ops, Names.rep(block, r), refined));
        T fused = ops.conv(ops.add(refined, in), ConvSpec.same(Names.blockConv(block), ch, ch, 1));
        return Esa.forward(ops, block, fused);
    }
}
