package org.rrlfn.model.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An ONNX graph as data flow: who produces and who consumes each tensor, and the constant tensors (initializers
 * and Constant nodes — exporters use both), and how a node reads in messages. The importer walks it from the
 * input, so tensor and node names never matter.
 */
final class OnnxGraphIndex {
    /** Ops that only compute shapes (Resize's target size): not part of the image data flow. */
    private static final Set<String> SHAPE_OPS = Set.of("Shape");

    private final GraphProto graph;
    private final Map<String, NodeProto> producer = new HashMap<>();
    private final Map<String, List<NodeProto>> consumers = new HashMap<>();
    private final Map<String, TensorProto> constants = new LinkedHashMap<>();

    OnnxGraphIndex(GraphProto graph) {
        this.graph = graph;
        for (TensorProto t : graph.getInitializerList()) constants.put(t.getName(), t);
        for (NodeProto n : graph.getNodeList()) {
            for (String out : n.getOutputList()) producer.put(out, n);
            for (String in : n.getInputList())
                if (!in.isEmpty()) consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            if (n.getOpType().equals("Constant")) {
                AttributeProto value = attribute(n, "value");
                if (value != null && value.hasT()) constants.put(n.getOutput(0), value.getT());
            }
        }
    }

    /** The graph inputs that are not initializers (old exporters list initializers as inputs too). */
    List<String> dataInputs() {
        List<String> in = new ArrayList<>();
        graph.getInputList().forEach(v -> { if (!constants.containsKey(v.getName())) in.add(v.getName()); });
        return in;
    }

    List<String> outputs() {
        List<String> out = new ArrayList<>();
        graph.getOutputList().forEach(v -> out.add(v.getName()));
        return out;
    }

    List<NodeProto> nodes() { return graph.getNodeList(); }

    NodeProto producer(String tensor) { return producer.get(tensor); }

    /** Nodes reading the tensor as image data (not merely its shape). */
    List<NodeProto> dataConsumers(String tensor) {
        List<NodeProto> out = new ArrayList<>();
        for (NodeProto n : consumers.getOrDefault(tensor, List.of()))
            if (!SHAPE_OPS.contains(n.getOpType())) out.add(n);
        return out;
    }

    boolean isConstant(String tensor) { return constants.containsKey(tensor); }

    /** The Shape nodes whose outputs a tensor is computed from (walking back through every producer). */
    Set<String> shapeSources(String tensor) {
        Set<String> sources = new HashSet<>(), seen = new HashSet<>();
        List<String> todo = new ArrayList<>(List.of(tensor));
        while (!todo.isEmpty()) {
            String t = todo.remove(todo.size() - 1);
            NodeProto p = producer.get(t);
            if (p == null || !seen.add(t)) continue;
            if (p.getOpType().equals("Shape")) sources.add(p.getInput(0));
            else for (String in : p.getInputList()) if (!in.isEmpty()) todo.add(in);
        }
        return sources;
    }

    /** A constant float tensor as an INDArray of its own shape, or null when the tensor is not constant. */
    INDArray floats(String tensor) {
        TensorProto t = constants.get(tensor);
        return t == null ? null : floats(t);
    }

    static INDArray floats(TensorProto t) {
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        int n = 1;
        for (long d : shape) n *= (int) d;
        float[] values = new float[n];
        TensorProto.DataType type = TensorProto.DataType.forNumber(t.getDataType());
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        if (type == TensorProto.DataType.FLOAT) {
            if (raw.hasRemaining()) raw.asFloatBuffer().get(values);
            else for (int i = 0; i < n; i++) values[i] = t.getFloatData(i);
        } else if (type == TensorProto.DataType.DOUBLE) {
            for (int i = 0; i < n; i++) values[i] = (float) (raw.hasRemaining() ? raw.getDouble(8 * i) : t.getDoubleData(i));
        } else {
            throw new IllegalArgumentException("tensor '" + t.getName() + "' has element type " + type + ", expected float");
        }
        return Nd4j.create(values, shape.length == 0 ? new long[]{} : shape, 'c').castTo(DataType.FLOAT);
    }

    /** A conv's square kernel size, or -1 for another node or non-constant weights. */
    long kernel(NodeProto n) {
        if (!n.getOpType().equals("Conv")) return -1;
        INDArray w = floats(n.getInput(1));
        return w == null || w.rank() != 4 ? -1 : w.size(2);
    }

    /** The stride in both directions, or -1 where they differ. */
    static long stride(NodeProto n) {
        long[] s = ints(n, "strides", new long[]{1, 1});
        return s.length == 2 && s[0] == s[1] ? s[0] : -1;
    }

    /** The padding on every side, or -1 where sides differ or auto_pad is set. */
    static long pad(NodeProto n) {
        if (!string(n, "auto_pad", "NOTSET").equals("NOTSET")) return -1;
        long[] p = ints(n, "pads", new long[4]);
        return Arrays.stream(p).allMatch(v -> v == p[0]) ? p[0] : -1;
    }

    String describe(List<NodeProto> nodes) {
        if (nodes.isEmpty()) return "nothing";
        List<String> d = new ArrayList<>();
        for (NodeProto n : nodes) d.add(describe(n));
        return String.join(" and ", d);
    }

    /** "a 1x1 conv 48->8 pad 0", "a 3x3 conv 16->16 stride 2 pad 0", "a LeakyRelu alpha 0.05" — what messages show. */
    String describe(NodeProto n) {
        if (n.getOpType().equals("Conv")) {
            INDArray w = floats(n.getInput(1));
            if (w == null || w.rank() != 4) return "a Conv with non-constant weights";
            long s = stride(n);
            return "a " + w.size(2) + "x" + w.size(3) + " conv " + w.size(1) + "->" + w.size(0)
                    + (s != 1 ? " stride " + (s < 0 ? Arrays.toString(ints(n, "strides", null)) : s) : "")
                    + " pad " + (pad(n) < 0 ? Arrays.toString(ints(n, "pads", null)) : pad(n))
                    + (integer(n, "group", 1) != 1 ? " group " + integer(n, "group", 1) : "");
        }
        if (n.getOpType().equals("MaxPool"))
            return "a MaxPool " + Arrays.toString(ints(n, "kernel_shape", null)) + " stride " + Arrays.toString(ints(n, "strides", null));
        if (n.getOpType().equals("LeakyRelu")) return "a LeakyRelu alpha " + real(n, "alpha", 0.01f);
        return "a " + n.getOpType() + " node";
    }

    static AttributeProto attribute(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) if (a.getName().equals(name)) return a;
        return null;
    }

    static long[] ints(NodeProto n, String name, long[] absent) {
        AttributeProto a = attribute(n, name);
        return a == null ? absent : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    static long integer(NodeProto n, String name, long absent) {
        AttributeProto a = attribute(n, name);
        return a == null ? absent : a.getI();
    }

    static float real(NodeProto n, String name, float absent) {
        AttributeProto a = attribute(n, name);
        return a == null ? absent : a.getF();
    }

    static String string(NodeProto n, String name, String absent) {
        AttributeProto a = attribute(n, name);
        return a == null ? absent : a.getS().toStringUtf8();
    }
}
