package org.rrlfn.model.dl4j;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.model.arch.ParamLayout;

/** Parameter initialisation matching PyTorch's nn.Conv2d default, so training starts where RLFN's code starts. */
final class Initialization {
    private Initialization() { }

    /**
     * Kernels and biases ~ U(−1/√fan_in, 1/√fan_in) (kaiming_uniform with a = √5 gives that bound).
     */
    static void pytorchDefault(ParamLayout layout, Map<String, INDArray> params) {
        for (ParamLayout.Param p : layout.params()) {
            INDArray a = params.get(p.name());
            switch (p.kind()) {
                case WEIGHT -> uniform(a, 1.0 / Math.sqrt(p.fanIn()));
                case BIAS -> uniform(a, 1.0 / Math.sqrt(layout.get(weightOf(p.name())).fanIn()));
            }
        }
    }

    private static String weightOf(String biasName) {
        return biasName.substring(0, biasName.length() - 1) + "W";
    }

    private static void uniform(INDArray a, double bound) {
        a.assign(Nd4j.rand(a.dataType(), a.shape()).muli(2 * bound).subi(bound));
    }
}
