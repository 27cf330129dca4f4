package org.rrlfn.model.dl4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.model.arch.ParamLayout;
import org.rrlfn.model.arch.RrlfnConfig;

/** PyTorch's default Conv2d initialisation: weights and biases uniform in ±1/sqrt(fan-in of the weight). */
class InitializationTest {
    @Test
    void everyParameterIsUniformWithinItsConvolutionsBound() {
        ParamLayout layout = ParamLayout.of(RrlfnConfig.paper(2));
        Map<String, INDArray> params = new HashMap<>();
        for (ParamLayout.Param p : layout.params()) params.put(p.name(), Nd4j.zeros(DataType.FLOAT, p.shape()));
        Nd4j.getRandom().setSeed(1);
        Initialization.pytorchDefault(layout, params);
        for (ParamLayout.Param p : layout.params()) {
            String weight = p.kind() == ParamLayout.Kind.WEIGHT ? p.name() : p.name().substring(0, p.name().length() - 1) + "W";
            double bound = 1 / Math.sqrt(layout.get(weight).fanIn());
            INDArray a = params.get(p.name());
            double max = a.amaxNumber().doubleValue();
            assertTrue(max <= bound * (1 + 1e-6), p.name() + ": " + max + " > " + bound);   // float rounding
            if (a.length() >= 16)
                assertTrue(max > bound / 2 && Math.abs(a.meanNumber().doubleValue()) < bound / 2, p.name() + " not uniform in ±" + bound);
        }
    }
}
