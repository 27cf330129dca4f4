package org.rrlfn.model.losses;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.rrlfn.model.arch.GraphContext;

/**
 * The objective a training stage minimises, in DL4J's output-layer convention: the sum over the minibatch of
 * each example's loss (DL4J divides score and gradients by the batch size, so the score is the batch mean).
 */
public final class TrainingLoss {
    private TrainingLoss() { }

    public static SDVariable define(GraphContext g, LossConfig loss, SDVariable lr, SDVariable sr, SDVariable hr,
                                    long h, long w) {
        SDVariable perExample = Losses.pixel(loss.pixel()).graph().perExample(g.sd(), sr, hr);
        if (loss.contrastive()) {
            int s = g.config().scale();
            SDVariable neg = BicubicNegative.define(g, lr, h, w, s);
            // The batch-level CL, added to every example's pixel loss: the sum then carries N·w·CL, the DL4J convention.
            perExample = perExample.add(ContrastiveLoss.define(g, loss.extractor(), loss.lambdas(), sr, hr, neg)
                    .mul(loss.weight()));
        }
        return perExample.sum();
    }

    /** The same objective on torch (the torch engine), the sum over the minibatch. */
    public static Tensor define(LossConfig loss, int scale, Tensor lr, Tensor sr, Tensor hr) {
        Tensor perExample = Losses.pixel(loss.pixel()).torch().perExample(sr, hr);
        if (loss.contrastive()) {
            Tensor neg = BicubicNegative.define(lr, scale);
            perExample = perExample.add(ContrastiveLoss.define(loss.extractor(), loss.lambdas(), sr, hr, neg)
                    .mul(new Scalar(loss.weight())));
        }
        return perExample.sum();
    }
}
