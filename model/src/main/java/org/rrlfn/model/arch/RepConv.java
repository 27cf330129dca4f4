package org.rrlfn.model.arch;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Re-parameterizable 3×3 convolution (paper eq. 6–8). TRAIN: a 3×3 and a parallel 1×1 branch, summed,
 * optionally each followed by BN. DEPLOY: one 3×3 conv. Without BN the TRAIN form can run as one conv whose
 * kernel W3 + pad(W1) is built inside the graph, so values and gradients equal the two-branch sum while
 * costing one convolution.
 */
public final class RepConv {
    private RepConv() { }

    public static SDVariable forward(GraphContext g, String prefix, SDVariable x) {
        RrlfnConfig c = g.config();
        if (c.form() == RrlfnConfig.Form.DEPLOY) return g.conv(prefix, x);
        if (c.trainsMergedKernel()) return mergedKernel(g, prefix, x);
        return twoBranches(g, prefix, x);
    }

    /** Eq. 6: Conv3(x) + Conv1(x), each branch optionally BN'd (eq. 7). */
    static SDVariable twoBranches(GraphContext g, String prefix, SDVariable x) {
        String k3 = Names.branch3(prefix), k1 = Names.branch1(prefix);
        SDVariable a = g.conv(k3, x), b = g.conv(k1, x);
        if (g.config().batchNorm()) {
            a = batchNorm(g, Names.bn(k3), a);
            b = batchNorm(g, Names.bn(k1), b);
        }
        return a.add(b);
    }

    /** Eq. 6 by linearity: one conv with W3 + W1·e_centre and b3 + b1. */
    static SDVariable mergedKernel(GraphContext g, String prefix, SDVariable x) {
        String k3 = Names.branch3(prefix), k1 = Names.branch1(prefix);
        SDVariable w = g.param(Names.weight(k3)).add(g.param(Names.weight(k1)).mul(g.constant(centreTap())));
        SDVariable b = g.param(Names.bias(k3)).add(g.param(Names.bias(k1)));
        return g.conv(x, w, b, 3, 1, 1);
    }

    /** Eq. 7 with running statistics: γ·(y − μ)/√(σ² + ε) + β per channel. */
    static SDVariable batchNorm(GraphContext g, String bn, SDVariable y) {
        SDVariable mean = g.perChannel(g.param(bn + ".mean"));
        SDVariable std = g.sd().math().sqrt(g.perChannel(g.param(bn + ".var")).add(GraphContext.BN_EPSILON));
        return y.sub(mean).div(std).mul(g.perChannel(g.param(bn + ".gamma"))).add(g.perChannel(g.param(bn + ".beta")));
    }

    /** [1, 1, 3, 3] with a single 1 at the centre: multiplying a 1×1 kernel by it zero-pads it to 3×3. */
    static INDArray centreTap() {
        INDArray e = GraphContext.zeros(1, 1, 3, 3);
        e.putScalar(new long[]{0, 0, 1, 1}, 1.0);
        return e;
    }
}
