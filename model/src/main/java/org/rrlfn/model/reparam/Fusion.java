package org.rrlfn.model.reparam;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rrlfn.model.arch.GraphContext;
import org.rrlfn.model.arch.Names;
import org.rrlfn.model.arch.ParamLayout;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;

/**
 * TRAIN → DEPLOY by the linearity of convolution (paper eq. 6–8): fold each branch's BN into its conv,
 * zero-pad the 1×1 kernel to the 3×3 centre, and add kernels and biases. Every other parameter is copied.
 */
public final class Fusion {
    private Fusion() { }

    /** A conv's kernel [O, I, k, k] and bias [O]. */
    public record Kernel(INDArray w, INDArray b) {
        Kernel plus(Kernel o) { return new Kernel(w.add(o.w), b.add(o.b)); }
    }

    public static Map<String, INDArray> fuse(RrlfnConfig train, Map<String, INDArray> params) {
        if (train.form() != RrlfnConfig.Form.TRAIN) throw new IllegalArgumentException("fusion needs a TRAIN-form model, got " + train);
        RrlfnConfig deploy = train.withForm(RrlfnConfig.Form.DEPLOY);
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (ParamLayout.Param p : ParamLayout.of(deploy).params()) {
            INDArray same = params.get(p.name());
            if (same != null) out.put(p.name(), same.dup());
        }
        for (int i = 0; i < train.blocks(); i++) {
            for (int r = 1; r <= 3; r++) {
                String rep = Names.rep(i, r);
                Kernel k = branch(params, Names.branch3(rep)).plus(padToCentre(branch(params, Names.branch1(rep))));
                out.put(Names.weight(rep), k.w());
                out.put(Names.bias(rep), k.b());
            }
        }
        return out;
    }

    /** A DEPLOY-form graph carrying the fused parameters of a TRAIN-form graph. */
    public static ComputationGraph fuse(ComputationGraph train, long seed) {
        RrlfnConfig cfg = RrlfnModels.architecture(train);
        Map<String, INDArray> fused = fuse(cfg, RrlfnModels.params(train));
        ComputationGraph deploy = RrlfnModels.create(cfg.withForm(RrlfnConfig.Form.DEPLOY), seed,
                RrlfnModels.adam(5e-4), train.params().dataType());
        RrlfnModels.assignParams(deploy, fused);
        return deploy;
    }

    private static Kernel branch(Map<String, INDArray> p, String conv) {
        return new Kernel(p.get(Names.weight(conv)), p.get(Names.bias(conv)));
    }

    /** A 1×1 kernel as the centre tap of a 3×3 kernel. */
    public static Kernel padToCentre(Kernel k1) {
        long o = k1.w().size(0), i = k1.w().size(1);
        INDArray w3 = Nd4j.zeros(k1.w().dataType(), o, i, 3, 3);
        w3.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(1), NDArrayIndex.point(1))
                .assign(k1.w().reshape(o, i));
        return new Kernel(w3, k1.b().dup());
    }
}
