package org.rrlfn.model.arch;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Any separable linear resize as out = A_h · X · A_wᵀ per channel, from matmul, reshape and permute, which all
 * have gradients in SameDiff (its own resize ops do not).
 */
public final class SeparableResize {
    private SeparableResize() { }

    /** x: [N, c, h, w]; ah: [outH, h]; aw: [outW, w]; returns [N, c, outH, outW]. */
    public static SDVariable apply(GraphContext g, SDVariable x, long c, INDArray ah, INDArray aw) {
        SameDiff sd = g.sd();
        long h = ah.size(1), w = aw.size(1), outH = ah.size(0), outW = aw.size(0);
        SDVariable rows = sd.mmul(sd.reshape(x, -1, w), g.constant(aw.transpose()));           // [N·c·h, outW]
        SDVariable t = sd.permute(sd.reshape(rows, -1, c, h, outW), 0, 1, 3, 2);                // [N, c, outW, h]
        SDVariable cols = sd.mmul(sd.reshape(t, -1, h), g.constant(ah.transpose()));           // [N·c·outW, outH]
        return sd.permute(sd.reshape(cols, -1, c, outW, outH), 0, 1, 3, 2);
    }
}
