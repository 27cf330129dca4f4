package org.rrlfn.model.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.onnx.OnnxExport;
import org.rrlfn.model.onnx.OnnxImport;
import org.rrlfn.model.onnx.OnnxUpscaler;

/**
 * The one description ({@link RrlfnNetwork}, {@link Rrlfb}, {@link Esa}, {@link RepConv} against {@link NetworkOps})
 * and its four derived views agree for a configuration unlike the paper's (32 channels, 4 blocks, ESA 8, ×3,
 * LeakyReLU 0.2): the SameDiff graph ({@link SameDiffBuilder}), the ONNX graph ({@link OnnxExport}), the parameter
 * layout ({@link ParamLayout}'s recorder) and the MAC count ({@link Complexity}'s counter); and {@link OnnxImport},
 * walking the description through the exported graph, reads back the same config and weights.
 */
class NetworkOpsTest {
    private static final RrlfnConfig TRAIN = RrlfnConfig.paper(3).withWidth(32, 4, 8)
            .withActivation(RrlfnConfig.Activation.LEAKY_RELU, 0.2);
    private static final RrlfnConfig DEPLOY = TRAIN.withForm(RrlfnConfig.Form.DEPLOY);
    private static final int H = 20, W = 23;
    @TempDir Path dir;

    enum Variant {
        DEPLOY_FORM(DEPLOY), TRAIN_MERGED(TRAIN), TRAIN_TWO_BRANCHES(TRAIN.withMergeBranchesInGraph(false));
        final RrlfnConfig config;
        Variant(RrlfnConfig c) { config = c; }
    }

    /** The layout as written out by hand, in RLFN's declaration order: the order saved models keep their weights in. */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void layoutIsTheHandWrittenList(Variant v) {
        RrlfnConfig c = v.config;
        Map<String, long[]> expected = new LinkedHashMap<>();
        conv(expected, "head", 3, 32, 3);
        for (int i = 0; i < 4; i++) {
            for (int r = 1; r <= 3; r++) {
                String rm = "b" + i + ".rm" + r;
                if (c.form() == RrlfnConfig.Form.DEPLOY) conv(expected, rm, 32, 32, 3);
                else {
                    conv(expected, rm + ".k3", 32, 32, 3);
                    conv(expected, rm + ".k1", 32, 32, 1);
                }
            }
            conv(expected, "b" + i + ".c5", 32, 32, 1);
            conv(expected, "b" + i + ".esa.conv1", 32, 8, 1);
            conv(expected, "b" + i + ".esa.convf", 8, 8, 1);
            conv(expected, "b" + i + ".esa.conv2", 8, 8, 3);
            conv(expected, "b" + i + ".esa.conv3", 8, 8, 3);
            conv(expected, "b" + i + ".esa.conv4", 8, 32, 1);
        }
        conv(expected, "body", 32, 32, 3);
        conv(expected, "up", 32, 27, 3);
        assertEquals(render(expected), render(layout(c)));
        // TRAIN adds a 1×1 branch (32·32 + 32) to each of the 12 RepConvs.
        long deployParams = 896 + 4 * (3 * 9248 + 1056 + 264 + 72 + 584 + 584 + 288) + 9248 + 7803;
        assertEquals(c.form() == RrlfnConfig.Form.DEPLOY ? deployParams : deployParams + 12 * 1056, Complexity.parameters(c));
    }

    /** The SameDiff graph asks for exactly the layout's parameters, with its shapes; so does the DL4J layer. */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void sameDiffGraphUsesExactlyTheLayout(Variant v) {
        ParamLayout layout = ParamLayout.of(v.config);
        SameDiff sd = SameDiff.create();
        Map<String, SDVariable> asked = new LinkedHashMap<>() {
            @Override public SDVariable get(Object name) {
                return computeIfAbsent((String) name, n -> sd.var(n, Nd4j.rand(DataType.FLOAT, layout.get(n).shape())));
            }
        };
        SDVariable lr = sd.placeHolder("lr", DataType.FLOAT, -1, 3, H, W);
        SDVariable sr = RrlfnNetwork.define(new GraphContext(sd, asked, v.config, DataType.FLOAT), lr, H, W);
        Map<String, long[]> variables = new TreeMap<>();
        for (SDVariable p : sd.variables()) if (p.getVariableType() == VariableType.VARIABLE) variables.put(p.name(), p.getShape());
        assertEquals(render(new TreeMap<>(layout(v.config))), render(variables));
        INDArray out = sr.eval(Map.of("lr", Nd4j.rand(DataType.FLOAT, 1, 3, H, W)));
        assertArrayEquals(new long[]{1, 3, 3 * H, 3 * W}, out.shape());

        // DL4J's layer keeps the weights, then the biases, each in the layout's order: saved models' flat order.
        Map<String, long[]> dl4j = new LinkedHashMap<>(), weightsThenBiases = new LinkedHashMap<>();
        RrlfnModels.params(RrlfnModels.create(v.config, 1)).forEach((k, a) -> dl4j.put(k, a.shape()));
        for (ParamLayout.Kind kind : ParamLayout.Kind.values())
            for (ParamLayout.Param p : layout.params()) if (p.kind() == kind) weightsThenBiases.put(p.name(), p.shape());
        assertEquals(render(weightsThenBiases), render(dl4j));
    }

    /** Initializers are the layout's parameters; node counts per op type are what the description implies. */
    @Test
    void onnxGraphHasTheLayoutAndTheDescribedNodes() {
        GraphProto g = OnnxExport.model(RrlfnModels.create(DEPLOY, 2)).getGraph();
        Map<String, long[]> initializers = new LinkedHashMap<>();
        for (TensorProto t : g.getInitializerList()) initializers.put(t.getName(), t.getDimsList().stream().mapToLong(Long::longValue).toArray());
        assertEquals(render(layout(DEPLOY)), render(initializers));

        Map<String, Integer> ops = new TreeMap<>();
        for (NodeProto n : g.getNodeList()) ops.merge(n.getOpType(), 1, Integer::sum);
        int b = 4;
        Map<String, Integer> expected = new TreeMap<>(Map.of(
                "Conv", 1 + b * (3 + 1 + 5) + 2,       // head; per block 3 RepConvs, the 1×1, ESA's five; body, up
                "LeakyRelu", 3 * b,                     // after each RepConv
                "Add", 2 * b + 1,                       // block residual, ESA's up + conv_f; the global residual
                "MaxPool", b, "Resize", b, "Shape", b, "Sigmoid", b, "Mul", b,
                "DepthToSpace", 1));
        assertEquals(expected, ops);
    }

    /**
     * Complexity's counter against the hand formula, worked for 20×23: ESA's stride-2 conv gives 9×11 = 99 pixels,
     * the 7×7/3 pool 1×2 = 2; RepConv costs 9·C² merged (DEPLOY, TRAIN merged) and 10·C² as two branches.
     */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void macsMatchTheHandFormula(Variant v) {
        long c = 32, f = 8, s = 3, blocks = 4, full = H * W, strided = 99, pooled = 2;
        long rep = v == Variant.TRAIN_TWO_BRANCHES ? 10 * c * c : 9 * c * c;
        long perPixel = 9 * 3 * c + blocks * (3 * rep + c * c + c * f + f * f + f * c) + 9 * c * c + 9 * c * 3 * s * s;
        assertEquals(full * perPixel + blocks * (strided + pooled) * 9 * f * f, Complexity.macs(v.config, H, W));
        // Per pixel in the limit: the strided conv on 1/4 of the pixels, the pooled one on 1/36.
        assertEquals(perPixel + blocks * 9 * f * f * (1 / 4.0 + 1 / 36.0), Complexity.macsPerPixel(v.config), 1e-6);
    }

    /** Independently: Σ out·in·k²·outH·outW over the exported graph's Conv nodes, output sizes as ONNX Runtime runs them. */
    @Test
    void macsMatchTheOnnxConvsAsOnnxRuntimeRunsThem() throws Exception {
        ModelProto m = OnnxExport.model(RrlfnModels.create(DEPLOY, 3));
        Map<String, TensorProto> weights = new HashMap<>();
        m.getGraph().getInitializerList().forEach(t -> weights.put(t.getName(), t));
        GraphProto.Builder g = m.getGraph().toBuilder();
        List<NodeProto> convs = new ArrayList<>();
        for (NodeProto n : g.getNodeList()) {
            if (!n.getOpType().equals("Conv")) continue;
            convs.add(n);
            g.addOutput(ValueInfoProto.newBuilder().setName(n.getOutput(0)).setType(TypeProto.newBuilder()
                    .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()))));
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long macs = 0;
        try (OrtSession session = env.createSession(m.toBuilder().setGraph(g).build().toByteArray(), new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.allocate(3 * H * W), new long[]{1, 3, H, W});
             OrtSession.Result r = session.run(Map.of(OnnxExport.INPUT, in))) {
            for (NodeProto n : convs) {
                long[] out = ((TensorInfo) r.get(n.getOutput(0)).orElseThrow().getInfo()).getShape();
                List<Long> w = weights.get(n.getInput(1)).getDimsList();
                macs += w.get(0) * w.get(1) * w.get(2) * w.get(3) * out[2] * out[3];
            }
        }
        assertEquals(Complexity.macs(DEPLOY, H, W), macs);
    }

    /** The same random weights through SameDiff and through the ONNX export in ONNX Runtime, on a 20×23 input. */
    @Test
    void sameDiffAndOnnxRuntimeComputeTheSame() throws Exception {
        ComputationGraph net = RrlfnModels.create(DEPLOY, 4);
        // Larger ESA weights, so the attention branch (resize included) visibly moves the output.
        RrlfnModels.params(net).forEach((k, a) -> { if (k.matches("b\\d+\\.esa\\.conv[34]\\.W")) a.muli(4); });
        Path file = dir.resolve("net.onnx");
        OnnxExport.write(net, file);
        Nd4j.getRandom().setSeed(7);
        INDArray lr = Nd4j.rand(DataType.FLOAT, 2, 3, H, W);
        INDArray ours = RrlfnModels.upscale(net, lr);
        try (OnnxUpscaler ort = new OnnxUpscaler(file, 2)) {
            OnnxUpscaler.Nchw sr = ort.upscale(new OnnxUpscaler.Nchw(lr.dup('c').data().asFloat(), lr.shape()));
            assertArrayEquals(ours.shape(), sr.shape());
            double diff = ours.sub(Nd4j.create(sr.data(), sr.shape(), 'c')).amaxNumber().doubleValue();
            assertTrue(diff <= 1e-4, "max |SameDiff - ONNX Runtime| = " + diff);
        }
        assertTrue(ours.stdNumber().doubleValue() > 1e-3, "degenerate output: the comparison would prove nothing");
    }

    /** The importer walks the same description through the export and finds the config and every weight. */
    @Test
    void importReadsTheExportBack() {
        ComputationGraph net = RrlfnModels.create(DEPLOY, 5);
        OnnxImport.Imported imported = OnnxImport.read(OnnxExport.model(net));
        assertEquals(DEPLOY, imported.config());
        Map<String, INDArray> ours = RrlfnModels.params(net);
        assertEquals(List.copyOf(layout(DEPLOY).keySet()), List.copyOf(imported.params().keySet()));
        ours.forEach((k, a) -> assertEquals(a, imported.params().get(k), k));
    }

    private static void conv(Map<String, long[]> m, String name, long in, long out, long k) {
        m.put(name + ".W", new long[]{out, in, k, k});
        m.put(name + ".b", new long[]{out});
    }

    private static Map<String, long[]> layout(RrlfnConfig c) {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (ParamLayout.Param p : ParamLayout.of(c).params()) m.put(p.name(), p.shape());
        return m;
    }

    private static String render(Map<String, long[]> m) {
        StringBuilder s = new StringBuilder();
        m.forEach((k, v) -> s.append(k).append(' ').append(java.util.Arrays.toString(v)).append('\n'));
        return s.toString();
    }
}
