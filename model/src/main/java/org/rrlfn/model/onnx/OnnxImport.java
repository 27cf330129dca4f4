package org.rrlfn.model.onnx;

import static org.rrlfn.model.onnx.OnnxGraphIndex.integer;
import static org.rrlfn.model.onnx.OnnxGraphIndex.ints;
import static org.rrlfn.model.onnx.OnnxGraphIndex.real;
import static org.rrlfn.model.onnx.OnnxGraphIndex.string;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.model.arch.Names;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.reparam.PixelRange;
import org.rrlfn.model.reparam.TrainForm;

/**
 * Reads a fused RLFN_S-layout network (= RRLFN's DEPLOY form) from an ONNX graph as exporters write it: PyTorch's
 * {@code torch.onnx.export} (Resize sized by a Shape/Gather/Concat chain, weights as initializers or Constant
 * nodes) and {@link OnnxExport}. Convolutions are identified by where they sit in the data flow, from the graph
 * input to its output, and checked by kernel, channels, stride and padding; names are never read. Anything else
 * is rejected with a message naming the block and the difference.
 */
public final class OnnxImport {

    /** The graph is readable ONNX but not this architecture. */
    public static final class NotRrlfn extends IllegalArgumentException {
        NotRrlfn(String message) { super(message); }
    }

    /** The architecture found (DEPLOY form) and its parameters under RRLFN's names, in the graph's pixel range. */
    public record Imported(RrlfnConfig config, Map<String, INDArray> params) { }

    /** Ops that may sit off the image path: the Resize size computation and constants. */
    private static final Set<String> SHAPE_ARITHMETIC =
            Set.of("Shape", "Gather", "Unsqueeze", "Concat", "Cast", "Slice", "Constant", "Squeeze", "Identity", "Div", "Floor");

    private final OnnxGraphIndex g;
    private final Map<String, INDArray> params = new LinkedHashMap<>();
    private final Set<NodeProto> used = new HashSet<>();
    private int channels;
    private int esaChannels;
    private RrlfnConfig.Activation activation;
    private float slope;

    private OnnxImport(OnnxGraphIndex g) {
        this.g = g;
    }

    public static Imported read(Path file) throws IOException {
        ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            model = ModelProto.parseFrom(in);
        } catch (IOException e) {
            throw new IOException(file + ": not a readable ONNX model (" + e.getMessage() + ")", e);
        }
        try {
            return read(model);
        } catch (NotRrlfn e) {
            throw new NotRrlfn(file + ": not an RLFN_S/RRLFN deploy graph: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static Imported read(ModelProto model) {
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) throw new NotRrlfn("the model has no graph nodes");
        return new OnnxImport(new OnnxGraphIndex(model.getGraph())).walk();
    }

    /**
     * A DL4J model with the imported weights converted from pixels in 0..pixelRange to 0..1 (see {@link PixelRange}),
     * in the DEPLOY form or as the equivalent TRAIN form ({@link TrainForm}) for fine-tuning.
     */
    public static ComputationGraph toModel(Imported imported, double pixelRange, RrlfnConfig.Form form) {
        RrlfnConfig deploy = imported.config();
        Map<String, INDArray> params = PixelRange.toUnitRange(deploy, imported.params(), pixelRange);
        RrlfnConfig target = deploy;
        if (form == RrlfnConfig.Form.TRAIN) {
            target = deploy.withForm(RrlfnConfig.Form.TRAIN);
            params = TrainForm.of(deploy, params, target);
        }
        ComputationGraph g = RrlfnModels.create(target, 0);
        RrlfnModels.assignParams(g, params);
        return g;
    }

    private Imported walk() {
        List<String> inputs = g.dataInputs();
        if (inputs.size() != 1) throw new NotRrlfn("expected one image input, found " + inputs);
        String shallow = conv(only(inputs.get(0), "head", "the head conv"), "head", Names.HEAD, 3, 3, -1, 1, 1);
        channels = (int) params.get(Names.weight(Names.HEAD)).size(0);

        String x = shallow;
        int blocks = 0;
        NodeProto first;
        while ((first = blockStart(x)) != null) x = block(blocks++, x, first);
        if (blocks == 0) throw new NotRrlfn("head: expected block 1 (a 3x3 conv " + channels + "->" + channels
                + " and an activation) after the head conv, found " + describe(g.dataConsumers(shallow)));

        String after = "after block " + blocks;
        String body = conv(only(x, after, "the body's 3x3 conv"), after, Names.BODY, 3, channels, channels, 1, 1);
        NodeProto residual = only(body, after, "the global residual Add(body conv, head conv)");
        expectBinary(residual, "Add", body, shallow, after, "the global residual Add(body conv, head conv)");
        NodeProto upNode = only(residual.getOutput(0), after, "the upsampler's 3x3 conv");
        String up = conv(upNode, "upsampler", Names.UP, 3, channels, -1, 1, 1);
        long outs = params.get(Names.weight(Names.UP)).size(0);
        int scale = (int) Math.round(Math.sqrt(outs / 3.0));
        if (3L * scale * scale != outs || scale < 2 || scale > 4)
            throw new NotRrlfn("upsampler: expected a 3x3 conv " + channels + "->3*s^2 with s in 2..4, found one with "
                    + outs + " outputs");
        NodeProto shuffle = only(up, "upsampler", "DepthToSpace (pixel shuffle)");
        if (!shuffle.getOpType().equals("DepthToSpace"))
            throw new NotRrlfn("upsampler: expected DepthToSpace (pixel shuffle) after the conv, found " + describe(shuffle));
        if (integer(shuffle, "blocksize", 0) != scale)
            throw new NotRrlfn("upsampler: DepthToSpace blocksize " + integer(shuffle, "blocksize", 0)
                    + " does not match the conv's " + outs + " = 3*" + scale + "^2 outputs");
        if (!string(shuffle, "mode", "DCR").equals("CRD"))
            throw new NotRrlfn("upsampler: DepthToSpace mode " + string(shuffle, "mode", "DCR")
                    + " (TensorFlow's channel order) is not PixelShuffle's CRD");
        used.add(shuffle);
        if (!g.outputs().equals(List.of(shuffle.getOutput(0))))
            throw new NotRrlfn("expected the pixel shuffle's output to be the only graph output, found outputs " + g.outputs());
        checkNothingElse();
        RrlfnConfig config = new RrlfnConfig(scale, channels, blocks, esaChannels, activation,
                // The float attribute's shortest decimal (0.05f -> 0.05), so the config reads as it was written.
                activation == RrlfnConfig.Activation.RELU ? 0 : Double.parseDouble(Float.toString(slope)), RrlfnConfig.Form.DEPLOY, true);
        return new Imported(config, params);
    }

    /** A block starts with a 3x3 conv whose only consumer is an activation; otherwise the body follows. */
    private NodeProto blockStart(String x) {
        for (NodeProto n : g.dataConsumers(x)) {
            if (!n.getOpType().equals("Conv")) continue;
            List<NodeProto> next = g.dataConsumers(n.getOutput(0));
            if (next.size() == 1 && isActivation(next.get(0))) return n;
        }
        return null;
    }

    /** RRLFB: ESA(c5(x + act(RM3(act(RM2(act(RM1(x)))))))); returns the block's output tensor. */
    private String block(int i, String in, NodeProto rm1) {
        String where = "block " + (i + 1);
        String t = in;
        NodeProto conv = rm1;
        for (int r = 1; r <= 3; r++) {
            if (r > 1) conv = only(t, where, "RM" + r + ", a 3x3 conv " + channels + "->" + channels);
            String out = conv(conv, where + " RM" + r, Names.rep(i, r), 3, channels, channels, 1, 1);
            NodeProto act = only(out, where, "an activation after RM" + r);
            activation(act, where + " RM" + r);
            t = act.getOutput(0);
        }
        NodeProto residual = only(t, where, "the residual Add(RM3 output, block input)");
        expectBinary(residual, "Add", t, in, where, "the residual Add(RM3 output, block input)");
        String x = conv(only(residual.getOutput(0), where, "a 1x1 conv " + channels + "->" + channels + " after the residual"),
                where, Names.blockConv(i), 1, channels, channels, 1, 0);
        return esa(i, where, x);
    }

    /** ESA: x · sigmoid(conv4(resize(conv3(maxpool(conv2(c1)))) + conv_f(c1))), c1 = conv1(x). */
    private String esa(int i, String where, String x) {
        String expectEsa = "ESA (a 1x1 conv " + channels + "->" + (esaChannels > 0 ? esaChannels : "f") + " and the Mul of its mask)";
        List<NodeProto> users = g.dataConsumers(x);
        NodeProto conv1 = users.stream().filter(n -> n.getOpType().equals("Conv")).findFirst().orElse(null);
        NodeProto mul = users.stream().filter(n -> n.getOpType().equals("Mul")).findFirst().orElse(null);
        if (users.size() != 2 || conv1 == null || mul == null)
            throw new NotRrlfn(where + ": expected " + expectEsa + " to consume the 1x1 conv's output, found " + describe(users));
        String c1 = conv(conv1, where + " ESA conv1", Names.esa(i, "conv1"), 1, channels, esaChannels > 0 ? esaChannels : -1, 1, 0);
        if (esaChannels == 0) esaChannels = (int) params.get(Names.weight(Names.esa(i, "conv1"))).size(0);
        int f = esaChannels;

        List<NodeProto> fromC1 = g.dataConsumers(c1);
        NodeProto conv2 = fromC1.stream().filter(n -> kernel(n) == 3).findFirst().orElse(null);
        NodeProto convf = fromC1.stream().filter(n -> kernel(n) == 1).findFirst().orElse(null);
        if (fromC1.size() != 2 || conv2 == null || convf == null)
            throw new NotRrlfn(where + ": expected ESA conv1's output to feed two branches, a 3x3 stride-2 conv " + f + "->" + f
                    + " and a 1x1 conv " + f + "->" + f + " (conv_f), found " + describe(fromC1));
        String c2 = conv(conv2, where + " ESA conv2", Names.esa(i, "conv2"), 3, f, f, 2, 0);
        NodeProto pool = only(c2, where, "ESA's 7x7 stride-3 MaxPool");
        if (!pool.getOpType().equals("MaxPool")
                || !Arrays.equals(ints(pool, "kernel_shape", null), new long[]{7, 7})
                || !Arrays.equals(ints(pool, "strides", new long[]{1, 1}), new long[]{3, 3})
                || Arrays.stream(ints(pool, "pads", new long[4])).anyMatch(p -> p != 0)
                || integer(pool, "ceil_mode", 0) != 0
                || Arrays.stream(ints(pool, "dilations", new long[]{1, 1})).anyMatch(d -> d != 1))
            throw new NotRrlfn(where + ": expected ESA's MaxPool 7x7 stride 3 without padding, found " + describe(pool));
        used.add(pool);
        String c3 = conv(only(pool.getOutput(0), where, "ESA conv3, a 3x3 conv " + f + "->" + f), where + " ESA conv3",
                Names.esa(i, "conv3"), 3, f, f, 1, 1);
        NodeProto resize = only(c3, where, "ESA's bilinear Resize back to the block's size");
        resize(resize, where, c3, Set.of(x, c1));
        String cf = conv(convf, where + " ESA conv_f", Names.esa(i, "convf"), 1, f, f, 1, 0);
        NodeProto sum = only(resize.getOutput(0), where, "ESA's Add(resized conv3, conv_f)");
        expectBinary(sum, "Add", resize.getOutput(0), cf, where, "ESA's Add(resized conv3, conv_f)");
        String c4 = conv(only(sum.getOutput(0), where, "ESA conv4, a 1x1 conv " + f + "->" + channels), where + " ESA conv4",
                Names.esa(i, "conv4"), 1, f, channels, 1, 0);
        NodeProto sigmoid = only(c4, where, "ESA's Sigmoid");
        if (!sigmoid.getOpType().equals("Sigmoid"))
            throw new NotRrlfn(where + ": expected ESA's Sigmoid after conv4, found " + describe(sigmoid));
        used.add(sigmoid);
        NodeProto masked = only(sigmoid.getOutput(0), where, "ESA's Mul(input, mask)");
        if (masked != mul) throw new NotRrlfn(where + ": ESA's mask multiplies " + describe(masked) + ", not the ESA input");
        expectBinary(mul, "Mul", x, sigmoid.getOutput(0), where, "ESA's Mul(input, mask)");
        return mul.getOutput(0);
    }

    /** Bilinear, PyTorch's align_corners=False, to a size read at run time from the block's own feature map. */
    private void resize(NodeProto n, String where, String c3, Set<String> blockMaps) {
        if (!n.getOpType().equals("Resize") || !n.getInput(0).equals(c3))
            throw new NotRrlfn(where + ": expected ESA's bilinear Resize after conv3, found " + describe(n));
        String mode = string(n, "mode", "nearest"), coords = string(n, "coordinate_transformation_mode", "half_pixel");
        if (!mode.equals("linear") || !(coords.equals("half_pixel") || coords.equals("pytorch_half_pixel")))
            throw new NotRrlfn(where + ": expected ESA's Resize mode linear with half_pixel coordinates (align_corners=False),"
                    + " found mode " + mode + ", " + coords);
        String sizes = n.getInputCount() > 3 ? n.getInput(3) : "";
        if (sizes.isEmpty() || g.isConstant(sizes) || g.shapeSources(sizes).stream().noneMatch(blockMaps::contains))
            throw new NotRrlfn(where + ": ESA's Resize must take its output size from the block's feature map at run time"
                    + " (Shape of it), found " + (sizes.isEmpty() ? "scales" : "a size computed from " + g.shapeSources(sizes)));
        used.add(n);
    }

    /** Checks a conv's kernel, channels (-1: any), stride and symmetric padding; stores W and b; returns its output. */
    private String conv(NodeProto n, String where, String name, int k, int in, int out, int stride, int pad) {
        String expected = "a " + k + "x" + k + " conv " + (in < 0 ? "?" : in) + "->" + (out < 0 ? "?" : out)
                + (stride != 1 ? " stride " + stride : "") + " pad " + pad;
        if (!n.getOpType().equals("Conv")) throw new NotRrlfn(where + ": expected " + expected + ", found " + describe(n));
        INDArray w = g.floats(n.getInput(1));
        INDArray b = n.getInputCount() > 2 && !n.getInput(2).isEmpty() ? g.floats(n.getInput(2)) : null;
        if (w == null || (b == null && n.getInputCount() > 2 && !n.getInput(2).isEmpty()))
            throw new NotRrlfn(where + ": the conv's weights are computed at run time; expected constant weights");
        boolean shapeOk = w.rank() == 4 && w.size(2) == k && w.size(3) == k && (in < 0 || w.size(1) == in)
                && (out < 0 || w.size(0) == out);
        if (!shapeOk || stride(n) != stride || pad(n) != pad || integer(n, "group", 1) != 1
                || Arrays.stream(ints(n, "dilations", new long[]{1, 1})).anyMatch(d -> d != 1))
            throw new NotRrlfn(where + ": expected " + expected + ", found " + describe(n));
        if (b == null) b = Nd4j.zeros(w.dataType(), w.size(0));
        params.put(Names.weight(name), w);
        params.put(Names.bias(name), b.reshape(w.size(0)));
        used.add(n);
        return n.getOutput(0);
    }

    private void activation(NodeProto n, String where) {
        if (!isActivation(n)) throw new NotRrlfn(where + ": expected LeakyRelu, found " + describe(n));
        RrlfnConfig.Activation a = n.getOpType().equals("Relu") ? RrlfnConfig.Activation.RELU : RrlfnConfig.Activation.LEAKY_RELU;
        float s = a == RrlfnConfig.Activation.RELU ? 0 : real(n, "alpha", 0.01f);
        if (activation == null) {
            activation = a;
            slope = s;
        } else if (activation != a || Float.compare(slope, s) != 0) {
            throw new NotRrlfn(where + ": activation " + describe(n) + " differs from the first block's " + activation
                    + (activation == RrlfnConfig.Activation.RELU ? "" : " alpha " + slope));
        }
        used.add(n);
    }

    private static boolean isActivation(NodeProto n) {
        return n.getOpType().equals("LeakyRelu") || n.getOpType().equals("Relu");
    }

    private void expectBinary(NodeProto n, String op, String a, String b, String where, String what) {
        List<String> ins = n.getInputList();
        if (!n.getOpType().equals(op) || ins.size() != 2 || !new HashSet<>(ins).equals(Set.of(a, b)))
            throw new NotRrlfn(where + ": expected " + what + ", found " + describe(n));
        used.add(n);
    }

    /** The one node that reads a tensor as data. */
    private NodeProto only(String tensor, String where, String what) {
        List<NodeProto> next = g.dataConsumers(tensor);
        if (next.size() != 1) throw new NotRrlfn(where + ": expected " + what + ", found " + describe(next));
        return next.get(0);
    }

    /** Every compute node must be one the walk recognised: a stray branch would change the function. */
    private void checkNothingElse() {
        List<String> extra = g.nodes().stream().filter(n -> !used.contains(n) && !SHAPE_ARITHMETIC.contains(n.getOpType()))
                .map(n -> describe(n)).collect(Collectors.toList());
        if (!extra.isEmpty()) throw new NotRrlfn("nodes outside the RLFN_S data flow: " + extra);
    }

    private long kernel(NodeProto n) {
        if (!n.getOpType().equals("Conv")) return -1;
        INDArray w = g.floats(n.getInput(1));
        return w == null || w.rank() != 4 ? -1 : w.size(2);
    }

    private static long stride(NodeProto n) {
        long[] s = ints(n, "strides", new long[]{1, 1});
        return s.length == 2 && s[0] == s[1] ? s[0] : -1;
    }

    private static long pad(NodeProto n) {
        if (!string(n, "auto_pad", "NOTSET").equals("NOTSET")) return -1;
        long[] p = ints(n, "pads", new long[4]);
        return Arrays.stream(p).allMatch(v -> v == p[0]) ? p[0] : -1;
    }

    private String describe(List<NodeProto> nodes) {
        if (nodes.isEmpty()) return "nothing";
        List<String> d = new ArrayList<>();
        for (NodeProto n : nodes) d.add(describe(n));
        return String.join(" and ", d);
    }

    /** "a 1x1 conv 48->8", "a 3x3 conv 16->16 stride 2 pad 0", "a LeakyRelu node" — what the messages show. */
    private String describe(NodeProto n) {
        if (n.getOpType().equals("Conv")) {
            INDArray w = g.floats(n.getInput(1));
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
}
