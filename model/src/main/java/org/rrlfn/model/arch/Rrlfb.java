package org.rrlfn.model.arch;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Re-parameterized residual local feature block (paper eq. 2–3):
 * F_out = ESA(Conv1(F_in + RM_3(RM_2(RM_1(F_in))))), RM_r = activation ∘ RepConv.
 */
public final class Rrlfb {
    private Rrlfb() { }

    public static SDVariable forward(GraphContext g, int block, SDVariable in, long h, long w) {
        SDVariable refined = in;
        for (int r = 1; r <= 3; r++) refined = g.activation(RepConv.forward(g, Names.rep(block, r), refined));
        SDVariable fused = g.conv(Names.blockConv(block), refined.add(in));
        return Esa.forward(g, block, fused, h, w);
    }
}
