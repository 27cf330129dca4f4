package org.rrlfn.model.losses;

import org.bytedeco.pytorch.Tensor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Mean absolute error per example, PyTorch's L1Loss on each image. */
public final class L1Loss {
    private L1Loss() { }

    /** Scalar: mean |a − b| over every element of the batch. */
    public static SDVariable mean(SameDiff sd, SDVariable a, SDVariable b) {
        return sd.math().abs(a.sub(b)).mean();
    }

    /** [N]: mean_{c,y,x} |a − b| for each example. */
    public static SDVariable perExample(SameDiff sd, SDVariable a, SDVariable b) {
        return sd.math().abs(a.sub(b)).mean(1, 2, 3);
    }

    /** {@link #mean(SameDiff, SDVariable, SDVariable)} on torch. */
    public static Tensor mean(Tensor a, Tensor b) {
        return a.sub(b).abs().mean();
    }

    /** {@link #perExample(SameDiff, SDVariable, SDVariable)} on torch. */
    public static Tensor perExample(Tensor a, Tensor b) {
        return a.sub(b).abs().mean(1, 2, 3);
    }
}
