package org.rrlfn.model.arch;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The whole network (paper eq. 1 and 5): F_in = h_ext(I_LR); F_n = RRLFB_n(…RRLFB_1(F_in));
 * I_SR = PixelShuffle(Conv3(Conv3(F_n) + F_in)).
 */
public final class RrlfnNetwork {
    private RrlfnNetwork() { }

    /** lr: [N, 3, h, w] with static h, w; returns [N, 3, s·h, s·w]. */
    public static SDVariable define(GraphContext g, SDVariable lr, long h, long w) {
        RrlfnConfig.checkInputSize(h, w);
        RrlfnConfig c = g.config();
        SDVariable shallow = g.conv(Names.HEAD, lr);
        SDVariable deep = shallow;
        for (int i = 0; i < c.blocks(); i++) deep = Rrlfb.forward(g, i, deep, h, w);
        SDVariable lowRes = g.conv(Names.BODY, deep).add(shallow);
        return PixelShuffle.crd(g.sd(), g.conv(Names.UP, lowRes), c.scale(), 3, h, w);
    }
}
