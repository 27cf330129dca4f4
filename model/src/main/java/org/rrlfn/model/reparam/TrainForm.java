package org.rrlfn.model.reparam;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.model.arch.Names;
import org.rrlfn.model.arch.ParamLayout;
import org.rrlfn.model.arch.RrlfnConfig;

/**
 * The inverse direction of {@link Fusion}: a DEPLOY model's weights as a TRAIN-form model computing the same
 * function (each RepConv's 3×3 branch holds the fused kernel, its 1×1 branch is zero), so a fused or published
 * model can be fine-tuned with the re-parameterised branches.
 */
public final class TrainForm {
    private TrainForm() { }

    public static Map<String, INDArray> of(RrlfnConfig deploy, Map<String, INDArray> params, RrlfnConfig train) {
        if (deploy.form() != RrlfnConfig.Form.DEPLOY) throw new IllegalArgumentException("expected a DEPLOY-form model, got " + deploy);
        if (train.form() != RrlfnConfig.Form.TRAIN)
            throw new IllegalArgumentException("expected a TRAIN-form target, got " + train);
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (ParamLayout.Param p : ParamLayout.of(train).params()) {
            INDArray same = params.get(p.name());
            if (same != null) out.put(p.name(), same.dup());
        }
        for (int i = 0; i < deploy.blocks(); i++) {
            for (int r = 1; r <= 3; r++) {
                String rep = Names.rep(i, r);
                INDArray w = params.get(Names.weight(rep)), b = params.get(Names.bias(rep));
                if (w == null || b == null) throw new IllegalArgumentException("DEPLOY parameters lack " + rep);
                out.put(Names.weight(Names.branch3(rep)), w.dup());
                out.put(Names.bias(Names.branch3(rep)), b.dup());
                out.put(Names.weight(Names.branch1(rep)), Nd4j.zeros(w.dataType(), w.size(0), w.size(1), 1, 1));
                out.put(Names.bias(Names.branch1(rep)), Nd4j.zeros(b.dataType(), b.size(0)));
            }
        }
        return out;
    }
}
