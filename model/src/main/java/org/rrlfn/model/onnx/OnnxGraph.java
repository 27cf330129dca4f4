package org.rrlfn.model.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;

/**
 * A thin layer over ONNX's generated {@link GraphProto.Builder}: nodes with generated output names, float
 * initializers and attributes, so the exporter reads as the network and not as protobuf plumbing.
 */
final class OnnxGraph {
    private static final int FLOAT = TensorProto.DataType.FLOAT.getNumber();

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int nodes;

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** An input or output of element type float; a dimension is a String (symbolic, dynamic) or a Number. */
    static ValueInfoProto floatTensor(String name, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) dim.setDimParam(s);
            else dim.setDimValue(((Number) d).longValue());
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(FLOAT).setShape(shape)))
                .build();
    }

    void input(ValueInfoProto v) { graph.addInput(v); }
    void output(ValueInfoProto v) { graph.addOutput(v); }

    /** A constant of the value's shape, stored as little-endian float32 raw data (what ONNX mandates for raw_data). */
    String initializer(String name, INDArray value) {
        float[] data = value.castTo(DataType.FLOAT).dup('c').data().asFloat();
        ByteBuffer bytes = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(data);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(FLOAT).setRawData(ByteString.copyFrom(bytes));
        for (long d : value.shape()) t.addDims(d);
        graph.addInitializer(t);
        return name;
    }

    /** Adds one node with a single output, named after the op and a running number; returns that name. */
    String node(String op, List<String> inputs, AttributeProto... attributes) {
        String out = op.toLowerCase() + "_" + (nodes++);
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(out).addAllInput(inputs).addOutput(out);
        for (AttributeProto a : attributes) n.addAttribute(a);
        graph.addNode(n);
        return out;
    }

    /** Renames a node output, where it is written and wherever it is read (graph outputs need a fixed name). */
    void rename(String from, String to) {
        for (NodeProto.Builder n : graph.getNodeBuilderList()) {
            for (int i = 0; i < n.getInputCount(); i++) if (n.getInput(i).equals(from)) n.setInput(i, to);
            if (n.getOutput(0).equals(from)) n.setOutput(0, to).setName(to);
        }
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) a.addInts(v);
        return a.build();
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto real(String name, double value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF((float) value).build();
    }

    static AttributeProto string(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    GraphProto build() { return graph.build(); }
}
