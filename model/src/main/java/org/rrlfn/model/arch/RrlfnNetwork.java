package org.rrlfn.model.arch;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The whole network (paper eq. 1 and 5): F_in = h_ext(I_LR); F_n = RRLFB_n(…RRLFB_1(F_in));
 * I_SR = PixelShuffle(Conv3(Conv3(F_n) + F_in)).
 */
public final class RrlfnNetwork {
    private RrlfnNetwork() { }

    /** lr: [N, 3, h, w]; returns [N, 3, s·h, s·w]. */
    public static <T> T forward(NetworkOps<T> ops, T lr) {
        RrlfnConfig c = ops.config();
        int ch = c.channels(), s = c.scale();
        T shallow = ops.conv(lr, ConvSpec.same(Names.HEAD, 3, ch, 3));
        T deep = shallow;
        for (int i = 0; i < c.blocks(); i++) deep = Rrlfb.forward(ops, i, deep);
        T lowRes = ops.add(ops.conv(deep, ConvSpec.same(Names.BODY, ch, ch, 3)), shallow);
        return ops.pixelShuffle(ops.conv(lowRes, ConvSpec.same(Names.UP, ch, 3 * s * s, 3)), s);
    }

    /** The network in a SameDiff graph: lr [N, 3, h, w] with static h, w; returns [N, 3, s·h, s·w]. */
    public static SDVariable define(GraphContext g, SDVariable lr, long h, long w) {
        RrlfnConfig.checkInputSize(h, w);
        SameDiffBuilder b = new SameDiffBuilder(g);
        return b.output(forward(b, b.input(lr, 3, h, w)));
    }
}
