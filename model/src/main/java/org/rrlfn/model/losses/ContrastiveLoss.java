package org.rrlfn.model.losses;

import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.rrlfn.model.arch.GraphContext;

/**
 * Paper eq. 9: CL = Σ_i λ_i · d(φ_i(SR), φ_i(HR)) / d(φ_i(SR), φ_i(NEG)), d = L1 (mean absolute difference over
 * the minibatch, as RLFN's and CSD's code compute it), anchor SR, positive HR, negative the bicubic-upscaled LR.
 * HR and NEG are data, so gradients reach SR only. The distances are batch means, not per-image: on a flat patch
 * SR ≈ NEG, and a per-image ratio there explodes (its gradient grows as 1/d²) — measured: −1.5 dB at ×4.
 */
public final class ContrastiveLoss {
    /** Keeps the ratio finite if SR ever equals NEG exactly; far below any real feature distance. */
    static final double EPS = 1e-12;

    private ContrastiveLoss() { }

    /** The loss of the minibatch (a scalar). */
    public static SDVariable define(GraphContext g, FeatureExtractor phi, double[] lambdas,
                                    SDVariable sr, SDVariable hr, SDVariable neg) {
        List<SDVariable> a = phi.features(g, sr), p = phi.features(g, hr), n = phi.features(g, neg);
        if (lambdas.length != a.size())
            throw new IllegalArgumentException("need one lambda per extractor feature (" + a.size() + "), got " + lambdas.length);
        SDVariable total = null;
        for (int i = 0; i < a.size(); i++) {
            SDVariable ratio = L1Loss.mean(g.sd(), a.get(i), p.get(i)).div(L1Loss.mean(g.sd(), a.get(i), n.get(i)).add(EPS));
            SDVariable term = ratio.mul(lambdas[i]);
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    /** The same on torch. */
    public static Tensor define(FeatureExtractor phi, double[] lambdas, Tensor sr, Tensor hr, Tensor neg) {
        List<Tensor> a = phi.features(sr), p = phi.features(hr), n = phi.features(neg);
        if (lambdas.length != a.size())
            throw new IllegalArgumentException("need one lambda per extractor feature (" + a.size() + "), got " + lambdas.length);
        Tensor total = null;
        for (int i = 0; i < a.size(); i++) {
            Tensor ratio = L1Loss.mean(a.get(i), p.get(i)).div(L1Loss.mean(a.get(i), n.get(i)).add(new Scalar(EPS)));
            Tensor term = ratio.mul(new Scalar(lambdas[i]));
            total = total == null ? term : total.add(term);
        }
        return total;
    }
}
