package org.rrlfn.model.losses;

import org.bytedeco.pytorch.Tensor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * BasicSR's {@code MSELoss} (L2): mean (sr − hr)² on pixels in [0, 1], the error PSNR measures (PSNR = −10 log10
 * MSE). Efficient-SR schedules often end with a short L2 fine-tune at a low rate for PSNR; the finetune profile
 * measured it against L1 (finetune.conf). Registered in {@link Losses} as {@code mse}.
 */
public final class MseLoss {
    private MseLoss() { }

    /** [N]: mean_{c,y,x} (sr − hr)² for each example. */
    public static SDVariable perExample(SameDiff sd, SDVariable sr, SDVariable hr) {
        SDVariable d = sr.sub(hr);
        return d.mul(d).mean(1, 2, 3);
    }

    /** The same on torch. */
    public static Tensor perExample(Tensor sr, Tensor hr) {
        Tensor d = sr.sub(hr);
        return d.mul(d).mean(1, 2, 3);
    }
}
