package org.rrlfn.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The importer's view of a foreign graph, on a graph written here node by node as an old exporter would. */
class OnnxGraphIndexTest {

    /** x → Conv(w, b: 3x3, 3→2, stride 2, pads 1) → y; Shape(x) → s; a Constant node; w listed as an input too. */
    private static GraphProto graph() {
        INDArray w = Nd4j.arange(54).reshape(2, 3, 3, 3).castTo(DataType.FLOAT);
        OnnxGraph g = new OnnxGraph("t");
        g.input(OnnxGraph.floatTensor("x", "N", 3, "H", "W"));
        g.input(OnnxGraph.floatTensor("w", 2, 3, 3, 3));
        g.initializer("w", w);
        TensorProto bias = TensorProto.newBuilder().setName("bv").setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addDims(2).addFloatData(0.5f).addFloatData(-1.5f).build();
        String b = g.node("Constant", List.of(), AttributeProto.newBuilder().setName("value").setT(bias)
                .setType(AttributeProto.AttributeType.TENSOR).build());
        String y = g.node("Conv", List.of("x", "w", b), OnnxGraph.ints("kernel_shape", 3, 3),
                OnnxGraph.ints("strides", 2, 2), OnnxGraph.ints("pads", 1, 1, 1, 1));
        String s = g.node("Shape", List.of("x"));
        g.node("Reshape", List.of(y, g.node("Cast", List.of(s))));
        return g.build();
    }

    @Test
    void dataFlowLeavesOutInitializerInputsAndShapeReaders() {
        OnnxGraphIndex g = new OnnxGraphIndex(graph());
        assertEquals(List.of("x"), g.dataInputs());
        List<NodeProto> readers = g.dataConsumers("x");
        assertEquals(1, readers.size());
        assertEquals("Conv", readers.get(0).getOpType());
        NodeProto reshape = g.dataConsumers(readers.get(0).getOutput(0)).get(0);
        assertEquals(Set.of("x"), g.shapeSources(reshape.getInput(1)));
    }

    @Test
    void constantsComeFromInitializersAndConstantNodes() {
        OnnxGraphIndex g = new OnnxGraphIndex(graph());
        NodeProto conv = g.dataConsumers("x").get(0);
        assertTrue(g.isConstant("w"));
        assertTrue(g.isConstant(conv.getInput(2)));
        assertFalse(g.isConstant("x"));
        assertEquals(53f, g.floats("w").getFloat(1, 2, 2, 2));                    // raw little-endian data
        assertEquals(-1.5f, g.floats(conv.getInput(2)).getFloat(1));               // float_data of a Constant node
        assertNull(g.floats("x"));
    }

    @Test
    void convGeometryAndItsDescription() {
        OnnxGraphIndex g = new OnnxGraphIndex(graph());
        NodeProto conv = g.dataConsumers("x").get(0);
        assertEquals(3, g.kernel(conv));
        assertEquals(2, OnnxGraphIndex.stride(conv));
        assertEquals(1, OnnxGraphIndex.pad(conv));
        assertEquals("a 3x3 conv 3->2 stride 2 pad 1", g.describe(conv));
        NodeProto uneven = conv.toBuilder().clearAttribute().addAttribute(OnnxGraph.ints("pads", 0, 1, 0, 1)).build();
        assertEquals(-1, OnnxGraphIndex.pad(uneven));
        assertEquals(1, OnnxGraphIndex.stride(uneven));                            // absent strides are 1
        assertEquals(-1, g.kernel(g.dataConsumers(conv.getOutput(0)).get(0)));      // not a Conv
    }
}
