package org.rrlfn.model.arch;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.validation.GradCheckUtil;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Runs one building block alone in a small double-precision SameDiff graph, for value and gradient checks. */
public final class GraphProbe {
    public final SameDiff sd = SameDiff.create();
    public static boolean PRINT = Boolean.getBoolean("gradcheck.print");
    public final GraphContext g;
    public final SDVariable input;

    /** Input and every parameter of the config's layout as trainable variables with small random values. */
    public GraphProbe(RrlfnConfig config, long[] inputShape, long seed) {
        Nd4j.getRandom().setSeed(seed);
        input = sd.var("x", Nd4j.rand(DataType.DOUBLE, inputShape));
        ParamLayout layout = ParamLayout.of(config);
        // Parameters become variables when a block first asks for them: the gradient check then covers
        // exactly the parameters the block under test uses.
        Map<String, SDVariable> lazy = new HashMap<>() {
            @Override public SDVariable get(Object name) {
                return computeIfAbsent((String) name, n -> {
                    ParamLayout.Param p = layout.get(n);
                    INDArray v = Nd4j.rand(DataType.DOUBLE, p.shape()).subi(0.5).muli(0.6);
                    return sd.var(n, v);
                });
            }
        };
        g = new GraphContext(sd, lazy, config, DataType.DOUBLE);
    }

    /** Probe without parameters, input given. */
    public GraphProbe(INDArray x) {
        input = sd.var("x", x.castTo(DataType.DOUBLE));
        g = new GraphContext(sd, Map.of(), RrlfnConfig.paper(2), DataType.DOUBLE);
    }

    /** The input as a feature map of the network's description, built by {@link SameDiffBuilder}. */
    public SameDiffBuilder.Feature feature() {
        long[] s = input.getShape();
        return new SameDiffBuilder(g).input(input, s[1], s[2], s[3]);
    }

    public INDArray eval(SDVariable out) {
        return out.eval();
    }

    /**
     * Central-difference check of d(Σ out·R)/dθ for every variable (R fixed random, so every output element
     * matters with a different weight), at up to {@code perVariable} random elements each.
     */
    public boolean gradientsMatch(Function<GraphProbe, SDVariable> block, int perVariable) {
        SDVariable out = block.apply(this);
        Nd4j.getRandom().setSeed(1234);
        INDArray r = Nd4j.rand(DataType.DOUBLE, out.eval().shape()).subi(0.5);   // zero-mean: keeps the score small, so differences do not cancel
        SDVariable loss = out.mul(sd.constant(r)).sum();
        sd.setLossVariables(loss);
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);   // GradCheckUtil insists
        try {
            // Relative error 1e-3, as DL4J's own gradient checks: at 1e-4 the whole network at x3 failed on an AVX-512
            // CPU (AMD Zen 4) on one weight by 1.3e-4 (absolute 1.8e-8), the summation order's rounding in a score of
            // -13.45 that central differences divide by 2e-6; a wrong gradient term is off by orders of magnitude more.
            return GradCheckUtil.checkGradients(sd, new HashMap<>(), 1e-6, 1e-3, 1e-8, PRINT, false,
                    false, false, Set.of(), null, perVariable, GradCheckUtil.Subset.RANDOM);
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }
}
