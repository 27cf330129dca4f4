package org.rrlfn.model.reparam;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rrlfn.model.arch.Names;
import org.rrlfn.model.arch.ParamLayout;
import org.rrlfn.model.arch.RrlfnConfig;

/**
 * Weights made for pixels in 0..max (RLFN's code feeds 0..255) turned into weights for our 0..1 pixels, exactly:
 * LeakyReLU, max pool, bilinear resize and the residual adds are positively homogeneous, so
 * N01(x) = N_max(max·x) / max when every bias is divided by max. The one exception is ESA's conv4, whose output
 * feeds a sigmoid and must stay as it was: its weight is multiplied by max (its input is 1/max as large) and its
 * bias kept.
 */
public final class PixelRange {
    private PixelRange() { }

    public static Map<String, INDArray> toUnitRange(RrlfnConfig config, Map<String, INDArray> params, double max) {
        if (!(max > 0)) throw new IllegalArgumentException("pixel range must be positive, got " + max);
        if (config.form() != RrlfnConfig.Form.DEPLOY)
            throw new IllegalArgumentException("pixel-range conversion is written for the DEPLOY form, got " + config);
        Map<String, INDArray> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, v.dup()));
        if (max == 1) return out;
        Set<String> sigmoidInputs = new HashSet<>();
        for (int i = 0; i < config.blocks(); i++) sigmoidInputs.add(Names.esa(i, "conv4"));
        for (ParamLayout.Param p : ParamLayout.of(config).params()) {
            INDArray v = out.get(p.name());
            if (v == null) throw new IllegalArgumentException("parameter " + p.name() + " missing for " + config);
            String conv = p.name().substring(0, p.name().lastIndexOf('.'));
            if (sigmoidInputs.contains(conv)) {
                if (p.kind() == ParamLayout.Kind.WEIGHT) v.muli(max);
            } else if (p.kind() == ParamLayout.Kind.BIAS) {
                v.divi(max);
            }
        }
        return out;
    }
}
