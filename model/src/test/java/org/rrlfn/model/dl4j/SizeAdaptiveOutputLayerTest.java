package org.rrlfn.model.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.model.arch.RrlfnConfig;

/** The output layer rebuilds its graph for each new input size, and tells a profiling listener its passes. */
class SizeAdaptiveOutputLayerTest {
    @Test
    void inputsOfChangingSizesAreEachUpscaledAsAlone() {
        ComputationGraph net = RrlfnModels.create(RrlfnConfig.paper(2), 7);
        Nd4j.getRandom().setSeed(3);
        INDArray a = Nd4j.rand(DataType.FLOAT, 1, 3, 17, 23), b = Nd4j.rand(DataType.FLOAT, 2, 3, 20, 16);
        INDArray first = RrlfnModels.upscale(net, a);
        assertArrayEquals(new long[]{2, 3, 40, 32}, RrlfnModels.upscale(net, b).shape());
        INDArray again = RrlfnModels.upscale(net, a);
        assertArrayEquals(new long[]{1, 3, 34, 46}, again.shape());
        assertEquals(0.0, again.sub(first).amaxNumber().doubleValue(), 1e-6);
    }

    @Test
    void aProfilingListenerHearsTheGradientPassOfEachStepUntilStopped() {
        ComputationGraph net = RrlfnModels.create(RrlfnConfig.paper(2), 7);
        SizeAdaptiveOutputLayer layer = null;
        for (Layer l : net.getLayers()) if (l instanceof SizeAdaptiveOutputLayer s) layer = s;
        assertTrue(layer != null, "the network's output layer");
        Passes passes = new Passes();
        layer.profileWith(passes);
        DataSet step = new DataSet(Nd4j.rand(DataType.FLOAT, 2, 3, 16, 16), Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32));
        net.fit(step);
        assertTrue(passes.events.contains("begin GRADIENTS") && passes.events.contains("end"), passes.events.toString());
        assertEquals(passes.events.stream().filter(e -> e.startsWith("begin")).count(),
                passes.events.stream().filter(e -> e.equals("end")).count(), "every pass ends");
        layer.stopProfiling();
        int before = passes.events.size();
        net.fit(step);
        assertEquals(before, passes.events.size());
    }

    private static final class Passes extends BaseListener implements SizeAdaptiveOutputLayer.PassListener {
        final List<String> events = new ArrayList<>();

        @Override public boolean isActive(Operation operation) { return true; }

        @Override public void beginPass(Pass p) { events.add("begin " + p); }

        @Override public void endPass() { events.add("end"); }
    }
}
