package org.rrlfn.model.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** RepConv (paper eq. 6) per form: which convolutions it declares, and that its merged kernel is the branch sum. */
class RepConvTest {
    private static final RrlfnConfig TRAIN = RrlfnConfig.paper(2).withWidth(4, 1, 2);

    @Test
    void trainDeclaresA3x3AndA1x1BranchDeployOne3x3() {
        assertEquals(List.of("b0.rm1.k3.W", "b0.rm1.k3.b", "b0.rm1.k1.W", "b0.rm1.k1.b"), repConvParams(TRAIN));
        assertEquals(List.of("b0.rm1.W", "b0.rm1.b"), repConvParams(TRAIN.withForm(RrlfnConfig.Form.DEPLOY)));
        assertEquals(List.of(4L, 4L, 1L, 1L), List.of(box(ParamLayout.of(TRAIN).get("b0.rm1.k1.W").shape())));
    }

    /**
     * The in-graph merged kernel W3 + pad(W1), b3 + b1 gives, to rounding, what the two branches summed give, on the
     * same parameters: conv3(x) + conv1(x), the second computed here with plain ND4J ops as a per-pixel matrix product.
     */
    @Test
    void theMergedKernelEqualsTheSumOfTheBranches() {
        Nd4j.getRandom().setSeed(7);
        SameDiff sd = SameDiff.create();
        Map<String, SDVariable> params = new HashMap<>();
        for (ParamLayout.Param p : ParamLayout.of(TRAIN).params())
            params.put(p.name(), sd.var(p.name(), Nd4j.rand(DataType.DOUBLE, p.shape()).subi(0.5)));
        INDArray xv = Nd4j.rand(DataType.DOUBLE, 2, 4, 6, 5);
        SDVariable x = sd.var("x", xv);

        INDArray merged = forward(sd, params, x, TRAIN.withMergeBranchesInGraph(true));
        INDArray branches = forward(sd, params, x, TRAIN.withMergeBranchesInGraph(false));
        assertTrue(merged.equalsWithEps(branches, 1e-12), "merged kernel differs from the two branches");

        INDArray conv3Only = forward(sd, params, x, TRAIN.withForm(RrlfnConfig.Form.DEPLOY), "b0.rm1.k3");
        INDArray w1 = params.get("b0.rm1.k1.W").getArr().reshape(4, 4);             // [out, in]
        INDArray b1 = params.get("b0.rm1.k1.b").getArr();
        INDArray pixels = xv.permute(0, 2, 3, 1).dup('c').reshape(-1, 4);            // [N·H·W, in]
        INDArray conv1 = pixels.mmul(w1.transpose()).addRowVector(b1).reshape(2, 6, 5, 4).permute(0, 3, 1, 2);
        assertTrue(branches.equalsWithEps(conv3Only.add(conv1), 1e-12), "branches differ from conv3(x) + conv1(x)");
    }

    private static INDArray forward(SameDiff sd, Map<String, SDVariable> params, SDVariable x, RrlfnConfig c) {
        return forward(sd, params, x, c, "b0.rm1");
    }

    private static INDArray forward(SameDiff sd, Map<String, SDVariable> params, SDVariable x, RrlfnConfig c, String prefix) {
        SameDiffBuilder b = new SameDiffBuilder(new GraphContext(sd, params, c, DataType.DOUBLE));
        long[] s = x.getShape();
        return b.output(RepConv.forward(b, prefix, b.input(x, s[1], s[2], s[3]))).eval().dup();
    }

    /** The parameter names RepConv declares, in order, as the layout recorder sees them. */
    private static List<String> repConvParams(RrlfnConfig c) {
        return ParamLayout.of(c).params().stream().map(ParamLayout.Param::name).filter(n -> n.startsWith("b0.rm1.")).toList();
    }

    private static Long[] box(long[] a) {
        Long[] b = new Long[a.length];
        for (int i = 0; i < a.length; i++) b[i] = a[i];
        return b;
    }
}
