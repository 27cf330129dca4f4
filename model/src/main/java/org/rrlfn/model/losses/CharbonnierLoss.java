package org.rrlfn.model.losses;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * BasicSR's {@code CharbonnierLoss}: mean √((sr − hr)² + ε) with ε = 1e-12 on pixels in [0, 1], a smooth L1 whose
 * gradient is (sr − hr) / √((sr − hr)² + ε) rather than sign(sr − hr). Registered in {@link Losses} as
 * {@code charbonnier}.
 */
public final class CharbonnierLoss {
    static final double EPS = 1e-12;

    private CharbonnierLoss() { }

    /** [N]: mean_{c,y,x} √((sr − hr)² + ε) for each example. */
    public static SDVariable perExample(SameDiff sd, SDVariable sr, SDVariable hr) {
        SDVariable d = sr.sub(hr);
        return sd.math().sqrt(d.mul(d).add(EPS)).mean(1, 2, 3);
    }

    /** The same on torch. */
    public static Tensor perExample(Tensor sr, Tensor hr) {
        Tensor d = sr.sub(hr);
        return d.mul(d).add(new Scalar(EPS)).sqrt().mean(1, 2, 3);
    }
}
