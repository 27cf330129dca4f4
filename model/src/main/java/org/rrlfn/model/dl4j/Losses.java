package org.rrlfn.model.dl4j;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Losses as DL4J output layers expect them: the sum over the minibatch of each example's loss (DL4J divides
 * the score and the gradients by the batch size), so the reported score equals PyTorch's mean L1.
 */
public final class Losses {
    private Losses() { }

    /** Σ_n mean_{c,y,x} |SR − HR|. */
    public static SDVariable l1(SameDiff sd, SDVariable sr, SDVariable hr) {
        return sd.math().abs(sr.sub(hr)).mean(1, 2, 3).sum();
    }
}
