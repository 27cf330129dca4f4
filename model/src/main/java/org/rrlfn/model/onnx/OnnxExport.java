package org.rrlfn.model.onnx;

import static org.rrlfn.model.onnx.OnnxGraph.integer;
import static org.rrlfn.model.onnx.OnnxGraph.ints;
import static org.rrlfn.model.onnx.OnnxGraph.real;
import static org.rrlfn.model.onnx.OnnxGraph.string;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import onnx.Onnx.ModelProto;
import onnx.Onnx.OperatorSetIdProto;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rrlfn.model.arch.Names;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;

/**
 * Writes a DEPLOY-form RRLFN as an ONNX model with dynamic batch and image size: input {@value #INPUT}
 * [N, 3, H, W] in [0, 1], output {@value #OUTPUT} [N, 3, s·H, s·W]. The graph follows
 * {@link org.rrlfn.model.arch.RrlfnNetwork}, {@link org.rrlfn.model.arch.Rrlfb} and
 * {@link org.rrlfn.model.arch.Esa} layer by layer, with standard ops only (opset {@value #OPSET}).
 */
public final class OnnxExport {
    public static final String INPUT = RrlfnModels.INPUT;
    public static final String OUTPUT = "sr";
    /** Resize with optional roi/scales inputs and DepthToSpace's CRD mode both need opset 13 or later. */
    public static final int OPSET = 13;
    /** IR version 7 is what opset 13 shipped with, and the newest the bundled onnx.proto classes know. */
    private static final long IR_VERSION = 7;

    private final OnnxGraph graph = new OnnxGraph("rrlfn");
    private final RrlfnConfig config;
    private final Map<String, INDArray> params;

    private OnnxExport(RrlfnConfig config, Map<String, INDArray> params) {
        this.config = config;
        this.params = params;
    }

    public static ModelProto model(ComputationGraph deploy) {
        RrlfnConfig c = RrlfnModels.architecture(deploy);
        if (c.form() != RrlfnConfig.Form.DEPLOY)
            throw new IllegalArgumentException("ONNX export needs the fused DEPLOY form (run the fusion first), got " + c);
        return new OnnxExport(c, RrlfnModels.params(deploy)).build();
    }

    /** Writes via a temporary file in the same folder, so a reader never sees a half-written model. */
    public static void write(ComputationGraph deploy, Path file) throws IOException {
        ModelProto m = model(deploy);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            m.writeTo(out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private ModelProto build() {
        int s = config.scale();
        graph.input(OnnxGraph.floatTensor(INPUT, "N", 3, "H", "W"));
        graph.output(OnnxGraph.floatTensor(OUTPUT, "N", 3, "H*" + s, "W*" + s));

        String shallow = conv(Names.HEAD, INPUT);
        String deep = shallow;
        for (int i = 0; i < config.blocks(); i++) deep = block(i, deep);
        String lowRes = graph.node("Add", List.of(conv(Names.BODY, deep), shallow));
        // PyTorch's PixelShuffle order, as PixelShuffle.crd builds it in SameDiff.
        graph.node("DepthToSpace", List.of(conv(Names.UP, lowRes)), OUTPUT, integer("blocksize", s), string("mode", "CRD"));

        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("rrlfn")
                .setDocString(config.toString())
                .setGraph(graph.build())
                .build();
    }

    /** Rrlfb: ESA(Conv1(in + RM_3(RM_2(RM_1(in))))). */
    private String block(int i, String in) {
        String refined = in;
        for (int r = 1; r <= 3; r++) refined = activation(conv(Names.rep(i, r), refined));
        return esa(i, conv(Names.blockConv(i), graph.node("Add", List.of(refined, in))));
    }

    /** Esa: x · sigmoid(conv4(up(conv3(maxpool(conv2(c1)))) + convf(c1))), c1 = conv1(x). */
    private String esa(int i, String x) {
        String c1 = conv(Names.esa(i, "conv1"), x);
        String c2 = conv(Names.esa(i, "conv2"), c1, 2, 0);
        String pooled = graph.node("MaxPool", List.of(c2), ints("kernel_shape", 7, 7), ints("strides", 3, 3));
        String c3 = conv(Names.esa(i, "conv3"), pooled);
        // Resize needs the full target shape [N, f, H, W]: c1 has exactly that (f channels at the block's H×W),
        // read at run time so any image size works.
        String size = graph.node("Shape", List.of(c1));
        // half_pixel is PyTorch's align_corners=False (src = (i + ½)·in/out − ½, clamped at the edges).
        String up = graph.node("Resize", List.of(c3, "", "", size), string("mode", "linear"),
                string("coordinate_transformation_mode", "half_pixel"));
        String cf = conv(Names.esa(i, "convf"), c1);
        String mask = graph.node("Sigmoid", List.of(conv(Names.esa(i, "conv4"), graph.node("Add", List.of(up, cf)))));
        return graph.node("Mul", List.of(x, mask));
    }

    private String activation(String x) {
        return config.activation() == RrlfnConfig.Activation.RELU
                ? graph.node("Relu", List.of(x))
                : graph.node("LeakyRelu", List.of(x), real("alpha", config.negativeSlope()));
    }

    /** A "same"-size conv, stride 1, padding k/2 (GraphContext.conv). */
    private String conv(String prefix, String x) {
        long k = weight(prefix).size(2);
        return conv(prefix, x, 1, k / 2);
    }

    /** Kernels are OIYX in both worlds, so they go over unchanged. */
    private String conv(String prefix, String x, long stride, long pad) {
        INDArray w = weight(prefix);
        String wName = graph.initializer(Names.weight(prefix), w);
        String bName = graph.initializer(Names.bias(prefix), param(Names.bias(prefix)));
        return graph.node("Conv", List.of(x, wName, bName), ints("kernel_shape", w.size(2), w.size(3)),
                ints("strides", stride, stride), ints("pads", pad, pad, pad, pad));
    }

    private INDArray weight(String prefix) {
        return param(Names.weight(prefix));
    }

    private INDArray param(String name) {
        INDArray v = params.get(name);
        if (v == null) throw new IllegalStateException("parameter '" + name + "' missing for " + config);
        return v;
    }
}
