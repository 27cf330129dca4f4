package org.rrlfn.model.arch;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Re-parameterizable 3×3 convolution (paper eq. 6). TRAIN: a 3×3 and a parallel 1×1 branch, summed. DEPLOY: one
 * 3×3 conv. The TRAIN form can run as one conv whose kernel W3 + pad(W1) is built inside the graph, so values and
 * gradients equal the two-branch sum while costing one convolution. No BN on the branches (see Fusion).
 */
public final class RepConv {
    private RepConv() { }

    public static SDVariable forward(GraphContext g, String prefix, SDVariable x) {
        RrlfnConfig c = g.config();
        if (c.form() == RrlfnConfig.Form.DEPLOY) return g.conv(prefix, x);
        if (c.trainsMergedKernel()) return mergedKernel(g, prefix, x);
        return twoBranches(g, prefix, x);
    }

    /** Eq. 6: Conv3(x) + Conv1(x). */
    static SDVariable twoBranches(GraphContext g, String prefix, SDVariable x) {
        return g.conv(Names.branch3(prefix), x).add(g.conv(Names.branch1(prefix), x));
    }

    /** Eq. 6 by linearity: one conv with W3 + W1·e_centre and b3 + b1. */
    static SDVariable mergedKernel(GraphContext g, String prefix, SDVariable x) {
        String k3 = Names.branch3(prefix), k1 = Names.branch1(prefix);
        SDVariable w = g.param(Names.weight(k3)).add(g.param(Names.weight(k1)).mul(g.constant(centreTap())));
        SDVariable b = g.param(Names.bias(k3)).add(g.param(Names.bias(k1)));
        return g.conv(x, w, b, 3, 1, 1);
    }

    /** [1, 1, 3, 3] with a single 1 at the centre: multiplying a 1×1 kernel by it zero-pads it to 3×3. */
    static INDArray centreTap() {
        INDArray e = GraphContext.zeros(1, 1, 3, 3);
        e.putScalar(new long[]{0, 0, 1, 1}, 1.0);
        return e;
    }
}
