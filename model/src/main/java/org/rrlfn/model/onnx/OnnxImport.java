package org.rrlfn.model.onnx;

import static org.rrlfn.model.onnx.OnnxGraphIndex.integer;
import static org.rrlfn.model.onnx.OnnxGraphIndex.ints;
import static org.rrlfn.model.onnx.OnnxGraphIndex.real;
import static org.rrlfn.model.onnx.OnnxGraphIndex.string;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.model.arch.ConvSpec;
import org.rrlfn.model.arch.Names;
import org.rrlfn.model.arch.NetworkOps;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.arch.RrlfnNetwork;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.reparam.PixelRange;
import org.rrlfn.model.reparam.TrainForm;

/**
 * Reads a fused RLFN_S-layout network (= RRLFN's DEPLOY form) from an ONNX graph as exporters write it: PyTorch's
 * {@code torch.onnx.export} (Resize sized by a Shape/Gather/Concat chain, weights as initializers or Constant
 * nodes) and {@link OnnxExport}. A few landmarks give the config; then the description ({@link RrlfnNetwork}) is
 * walked through the graph from its input (value handles are the graph's tensor names): each op finds the unused node
 * that consumes its inputs, checks it against the description (a conv by kernel, channels, stride and padding) and
 * records a conv's weights under the description's name; names in the graph are never read. Anything else is rejected
 * with a message naming the block and the difference.
 */
public final class OnnxImport implements NetworkOps<String> {

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
    private final RrlfnConfig config;
    private final Map<String, INDArray> params = new LinkedHashMap<>();
    private final Set<NodeProto> used = new HashSet<>();
    /** Tensors known to share one spatial size share a number here (the Resize target check needs it). */
    private final Map<String, Integer> sizeClass = new HashMap<>();
    private int nextSizeClass = 1;
    /** The area ({@link #area()}) each tensor the walk matched was produced in, to place stray readers. */
    private final Map<String, String> producedIn = new HashMap<>();
    /** Where the walk is, for messages: the last conv's {@link Names#place}. */
    private String place = "head";

    private OnnxImport(OnnxGraphIndex g, RrlfnConfig config) {
        this.g = g;
        this.config = config;
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
        OnnxGraphIndex g = new OnnxGraphIndex(model.getGraph());
        List<String> inputs = g.dataInputs();
        if (inputs.size() != 1) throw new NotRrlfn("expected one image input, found " + inputs);
        OnnxImport walk = new OnnxImport(g, architecture(g, inputs.get(0)));
        walk.sizeClass.put(inputs.get(0), 0);
        String sr = RrlfnNetwork.forward(walk, inputs.get(0));
        if (!g.outputs().equals(List.of(sr)))
            throw new NotRrlfn("expected the pixel shuffle's output to be the only graph output, found outputs " + g.outputs());
        walk.checkNothingElse();
        return new Imported(walk.config, walk.params);
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

    /**
     * The config the graph claims, from landmarks the walk then checks with everything else: channels from the head
     * conv, one block per ESA MaxPool, ESA channels from the conv before the first MaxPool (ONNX lists nodes in
     * topological order, so that is block 1's), the activation from the first one, the scale from the pixel shuffle.
     */
    private static RrlfnConfig architecture(OnnxGraphIndex g, String input) {
        List<NodeProto> first = g.dataConsumers(input);
        if (first.size() != 1) throw new NotRrlfn("head: expected one conv to read the image, found " + g.describe(first));
        expectConv(g, first.get(0), "head", new ConvSpec(Names.HEAD, 3, -1, 3, 1, 1));
        int channels = (int) g.floats(first.get(0).getInput(1)).size(0);

        List<NodeProto> pools = ofType(g, Set.of("MaxPool"));
        if (pools.isEmpty()) throw new NotRrlfn("head: expected RRLFBs after the head conv, found no ESA (no MaxPool in the graph)");
        NodeProto conv2 = g.producer(pools.get(0).getInput(0));
        if (conv2 == null || g.kernel(conv2) < 0)
            throw new NotRrlfn("block 1: expected ESA conv2 before the MaxPool, found " + (conv2 == null ? "the graph input" : g.describe(conv2)));
        int esaChannels = (int) g.floats(conv2.getInput(1)).size(0);

        List<NodeProto> acts = ofType(g, Set.of("LeakyRelu", "Relu"));
        if (acts.isEmpty()) throw new NotRrlfn("block 1 RM1: expected an activation after the conv, the graph has none");
        boolean relu = acts.get(0).getOpType().equals("Relu");
        // The float attribute's shortest decimal (0.05f -> 0.05), so the config reads as it was written.
        double slope = relu ? 0 : Double.parseDouble(Float.toString(real(acts.get(0), "alpha", 0.01f)));

        List<String> outputs = g.outputs();
        NodeProto shuffle = outputs.size() == 1 ? g.producer(outputs.get(0)) : null;
        if (shuffle == null || !shuffle.getOpType().equals("DepthToSpace"))
            throw new NotRrlfn("upsampler: expected DepthToSpace (pixel shuffle) to write the only graph output, found "
                    + (shuffle == null ? "outputs " + outputs : g.describe(shuffle)));
        long scale = integer(shuffle, "blocksize", 0);
        if (scale < 2 || scale > 4) throw new NotRrlfn("upsampler: DepthToSpace blocksize " + scale + ", expected 2, 3 or 4");
        try {
            return new RrlfnConfig((int) scale, channels, pools.size(), esaChannels,
                    relu ? RrlfnConfig.Activation.RELU : RrlfnConfig.Activation.LEAKY_RELU, slope, RrlfnConfig.Form.DEPLOY, true);
        } catch (IllegalArgumentException e) {
            throw new NotRrlfn("not an RRLFN configuration: " + e.getMessage());
        }
    }

    private static List<NodeProto> ofType(OnnxGraphIndex g, Set<String> types) {
        return g.nodes().stream().filter(n -> types.contains(n.getOpType())).toList();
    }

    @Override public RrlfnConfig config() { return config; }

    @Override public String conv(String x, ConvSpec spec) {
        place = Names.place(spec.name());
        NodeProto n = next(place, x, "Conv", c -> g.kernel(c) == spec.kernel() && OnnxGraphIndex.stride(c) == spec.stride(),
                describe(spec));
        expectConv(g, n, place, spec);
        INDArray w = g.floats(n.getInput(1));
        INDArray b = n.getInputCount() > 2 && !n.getInput(2).isEmpty() ? g.floats(n.getInput(2)) : Nd4j.zeros(w.dataType(), w.size(0));
        params.put(spec.weight(), w);
        params.put(spec.bias(), b.reshape(w.size(0)));
        boolean sameSize = spec.stride() == 1 && 2 * spec.padding() == spec.kernel() - 1;
        return output(n, sameSize ? sizeClass.get(x) : nextSizeClass++);
    }

    @Override public String activation(String x) {
        boolean relu = config.activation() == RrlfnConfig.Activation.RELU;
        String expected = relu ? "Relu" : "LeakyRelu alpha " + (float) config.negativeSlope();
        NodeProto n = next(place, x, relu ? "Relu" : "LeakyRelu", c -> true, "an activation, " + expected);
        if (!relu && real(n, "alpha", 0.01f) != (float) config.negativeSlope())
            throw new NotRrlfn(place + ": activation " + g.describe(n) + " differs from the first block's " + expected);
        return output(n, sizeClass.get(x));
    }

    @Override public String add(String a, String b) { return binary("Add", a, b); }

    @Override public String mul(String a, String b) { return binary("Mul", a, b); }

    /** The node of this type that reads exactly a and b. */
    private String binary(String op, String a, String b) {
        String expected = op + "(" + origin(a) + ", " + origin(b) + ")";
        NodeProto n = next(area(), a, op, c -> c.getInputList().contains(b), expected);
        if (!new HashSet<>(n.getInputList()).equals(Set.of(a, b)) || n.getInputCount() != 2)
            throw new NotRrlfn(area() + ": expected " + expected + ", found " + op + n.getInputList().stream().map(this::origin).toList());
        return output(n, sizeClass.get(a));
    }

    /** How a message names a tensor: its producer's op ("Mul output") or the graph input. */
    private String origin(String tensor) {
        NodeProto p = g.producer(tensor);
        return p == null ? "the image" : p.getOpType() + " output";
    }

    @Override public String maxPool(String x, int kernel, int stride) {
        String expected = "a MaxPool " + kernel + "x" + kernel + " stride " + stride + " without padding";
        NodeProto n = next(area(), x, "MaxPool", c -> true, expected);
        if (!Arrays.equals(ints(n, "kernel_shape", null), new long[]{kernel, kernel})
                || !Arrays.equals(ints(n, "strides", new long[]{1, 1}), new long[]{stride, stride})
                || Arrays.stream(ints(n, "pads", new long[4])).anyMatch(p -> p != 0)
                || integer(n, "ceil_mode", 0) != 0
                || Arrays.stream(ints(n, "dilations", new long[]{1, 1})).anyMatch(d -> d != 1))
            throw new NotRrlfn(area() + ": expected " + expected + ", found " + g.describe(n));
        return output(n, nextSizeClass++);
    }

    /** Bilinear, PyTorch's align_corners=False, to a size read at run time from a map of like's size. */
    @Override public String resize(String x, String like) {
        NodeProto n = next(area(), x, "Resize", c -> c.getInput(0).equals(x), "a bilinear Resize");
        String mode = string(n, "mode", "nearest"), coords = string(n, "coordinate_transformation_mode", "half_pixel");
        if (!n.getInput(0).equals(x) || !mode.equals("linear") || !(coords.equals("half_pixel") || coords.equals("pytorch_half_pixel")))
            throw new NotRrlfn(area() + ": expected a Resize of the conv's output, mode linear with half_pixel coordinates"
                    + " (align_corners=False), found mode " + mode + ", " + coords);
        String sizes = n.getInputCount() > 3 ? n.getInput(3) : "";
        Integer target = sizeClass.get(like);
        if (sizes.isEmpty() || g.isConstant(sizes) || g.shapeSources(sizes).stream().noneMatch(t -> target.equals(sizeClass.get(t))))
            throw new NotRrlfn(area() + ": the Resize must take its output size at run time from a feature map of the block's size"
                    + " (Shape of it), found " + (sizes.isEmpty() ? "scales" : "a size computed from " + g.shapeSources(sizes)));
        return output(n, target);
    }

    @Override public String sigmoid(String x) {
        return output(next(area(), x, "Sigmoid", c -> true, "a Sigmoid"), sizeClass.get(x));
    }

    @Override public String pixelShuffle(String x, int r) {
        NodeProto n = next(area(), x, "DepthToSpace", c -> true, "DepthToSpace (pixel shuffle)");
        if (integer(n, "blocksize", 0) != r)
            throw new NotRrlfn(area() + ": DepthToSpace blocksize " + integer(n, "blocksize", 0)
                    + " does not match the conv's " + 3 * r * r + " = 3*" + r + "^2 outputs");
        if (!string(n, "mode", "DCR").equals("CRD"))
            throw new NotRrlfn(area() + ": DepthToSpace mode " + string(n, "mode", "DCR")
                    + " (TensorFlow's channel order) is not PixelShuffle's CRD");
        return output(n, nextSizeClass++);
    }

    /**
     * The unused node of the given type that reads x as data, the first that fits where several do (ESA's conv1 feeds
     * conv2 and conv_f); where there is none, a message naming what reads x instead.
     */
    private NodeProto next(String where, String x, String op, Predicate<NodeProto> fits, String expected) {
        List<NodeProto> free = g.dataConsumers(x).stream().filter(n -> !used.contains(n)).toList();
        List<NodeProto> typed = free.stream().filter(n -> n.getOpType().equals(op)).toList();
        if (typed.isEmpty()) throw new NotRrlfn(where + ": expected " + expected + ", found " + g.describe(free));
        return typed.stream().filter(fits).findFirst().orElse(typed.get(0));
    }

    private String output(NodeProto n, int size) {
        used.add(n);
        sizeClass.put(n.getOutput(0), size);
        producedIn.put(n.getOutput(0), area());
        return n.getOutput(0);
    }

    /** "block 3" while the walk is anywhere in block 3; "head", "body", "upsampler" outside the blocks. */
    private String area() {
        return place.replaceFirst("^(block \\d+) .*", "$1");
    }

    /** Checks a conv's kernel, channels (-1: any), stride, symmetric padding, groups and dilation. */
    private static void expectConv(OnnxGraphIndex g, NodeProto n, String where, ConvSpec spec) {
        if (!n.getOpType().equals("Conv")) throw new NotRrlfn(where + ": expected " + describe(spec) + ", found " + g.describe(n));
        INDArray w = g.floats(n.getInput(1));
        String bias = n.getInputCount() > 2 ? n.getInput(2) : "";
        if (w == null || (!bias.isEmpty() && !g.isConstant(bias)))
            throw new NotRrlfn(where + ": the conv's weights are computed at run time; expected constant weights");
        int k = spec.kernel();
        boolean shapeOk = w.rank() == 4 && w.size(2) == k && w.size(3) == k && (spec.in() < 0 || w.size(1) == spec.in())
                && (spec.out() < 0 || w.size(0) == spec.out());
        if (!shapeOk || OnnxGraphIndex.stride(n) != spec.stride() || OnnxGraphIndex.pad(n) != spec.padding()
                || integer(n, "group", 1) != 1 || Arrays.stream(ints(n, "dilations", new long[]{1, 1})).anyMatch(d -> d != 1))
            throw new NotRrlfn(where + ": expected " + describe(spec) + ", found " + g.describe(n));
    }

    /** "a 3x3 conv 16->16 stride 2 pad 0"; "?" for channels not known yet. */
    private static String describe(ConvSpec s) {
        return "a " + s.kernel() + "x" + s.kernel() + " conv " + (s.in() < 0 ? "?" : s.in()) + "->" + (s.out() < 0 ? "?" : s.out())
                + (s.stride() != 1 ? " stride " + s.stride() : "") + " pad " + s.padding();
    }

    /** Every compute node must be one the walk recognised: a stray branch would change the function. */
    private void checkNothingElse() {
        List<String> extra = g.nodes().stream().filter(n -> !used.contains(n) && !SHAPE_ARITHMETIC.contains(n.getOpType()))
                .map(n -> g.describe(n) + n.getInputList().stream().filter(producedIn::containsKey).findFirst()
                        .map(t -> " reading " + producedIn.get(t) + "'s " + origin(t)).orElse(""))
                .toList();
        if (!extra.isEmpty()) throw new NotRrlfn("nodes outside the RLFN_S data flow: " + extra);
    }
}
