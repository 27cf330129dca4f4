package org.rrlfn.model.losses;

import org.bytedeco.pytorch.Tensor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.model.arch.GraphContext;
import org.rrlfn.model.arch.SeparableResize;
import org.rrlfn.model.image.MatlabImresize;

/**
 * The contrastive loss's negative sample: the LR patch upscaled by MATLAB's bicubic imresize (unrounded),
 * computed inside the graph from the input, so shards need not store it.
 */
public final class BicubicNegative {
    private BicubicNegative() { }

    public static SDVariable define(GraphContext g, SDVariable lr, long h, long w, int scale) {
        return SeparableResize.apply(g, lr, 3,
                Nd4j.create(MatlabImresize.matrix((int) h, (int) (h * scale), scale)),
                Nd4j.create(MatlabImresize.matrix((int) w, (int) (w * scale), scale)));
    }

    /** The same on torch: A_h · LR · A_wᵀ per channel, lr [N, 3, h, w]. */
    public static Tensor define(Tensor lr, int scale) {
        int h = (int) lr.size(2), w = (int) lr.size(3);
        Tensor ah = TorchConstants.matrix(MatlabImresize.matrix(h, h * scale, scale), lr);
        Tensor aw = TorchConstants.matrix(MatlabImresize.matrix(w, w * scale, scale), lr);
        return ah.matmul(lr).matmul(aw.t());
    }
}
