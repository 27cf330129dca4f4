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
import org.rrlfn.model.arch.ConvSpec;
import org.rrlfn.model.arch.NetworkOps;
import org.rrlfn.model.arch.RrlfnNetwork;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;

/**
 * Writes a DEPLOY-form RRLFN as an ONNX model with dynamic batch and image size: input {@value #INPUT}
 * [N, 3, H, W] in [0, 1], output {@value #OUTPUT} [N, 3, s·H, s·W]: the description ({@link RrlfnNetwork})
 * written node by node (value handles are ONNX tensor names), with standard ops only (opset {@value #OPSET}).
 */
public final class OnnxExport implements NetworkOps<String> {
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

    /**
     * Writes via a temporary file in the same folder, so a reader never sees a half-written model. The temporary file
     * is created as any new file is, with the umask's mode (Files.createTempFile's would be 0600, and the rename
     * keeps it): the model is as readable as the files beside it.
     */
    public static void write(ComputationGraph deploy, Path file) throws IOException {
        ModelProto m = model(deploy);
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            m.writeTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private ModelProto build() {
        int s = config.scale();
        graph.input(OnnxGraph.floatTensor(INPUT, "N", 3, "H", "W"));
        graph.output(OnnxGraph.floatTensor(OUTPUT, "N", 3, "H*" + s, "W*" + s));
        graph.rename(RrlfnNetwork.forward(this, INPUT), OUTPUT);
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("rrlfn")
                .setDocString(config.toString())
                .setGraph(graph.build())
                .build();
    }

    @Override public RrlfnConfig config() { return config; }

    /** Kernels are OIYX in both worlds, so they go over unchanged. */
    @Override public String conv(String x, ConvSpec spec) {
        INDArray w = param(spec.weight());
        spec.checkWeightShape(w.shape(), config);
        String wName = graph.initializer(spec.weight(), w);
        String bName = graph.initializer(spec.bias(), param(spec.bias()));
        int k = spec.kernel(), stride = spec.stride(), pad = spec.padding();
        return graph.node("Conv", List.of(x, wName, bName), ints("kernel_shape", k, k), ints("strides", stride, stride),
                ints("pads", pad, pad, pad, pad));
    }

    @Override public String activation(String x) {
        return config.activation() == RrlfnConfig.Activation.RELU
                ? graph.node("Relu", List.of(x))
                : graph.node("LeakyRelu", List.of(x), real("alpha", config.negativeSlope()));
    }

    @Override public String add(String a, String b) { return graph.node("Add", List.of(a, b)); }

    @Override public String mul(String a, String b) { return graph.node("Mul", List.of(a, b)); }

    @Override public String maxPool(String x, int kernel, int stride) {
        return graph.node("MaxPool", List.of(x), ints("kernel_shape", kernel, kernel), ints("strides", stride, stride));
    }

    /**
     * Resize needs the full target shape [N, C, H, W]: {@code like} has exactly that (x's channels at the target
     * size), read at run time so any image size works. half_pixel is PyTorch's align_corners=False
     * (src = (i + ½)·in/out − ½, clamped at the edges).
     */
    @Override public String resize(String x, String like) {
        String size = graph.node("Shape", List.of(like));
        return graph.node("Resize", List.of(x, "", "", size), string("mode", "linear"),
                string("coordinate_transformation_mode", "half_pixel"));
    }

    @Override public String sigmoid(String x) { return graph.node("Sigmoid", List.of(x)); }

    /** PyTorch's PixelShuffle order, as PixelShuffle.crd builds it in SameDiff. */
    @Override public String pixelShuffle(String x, int r) {
        return graph.node("DepthToSpace", List.of(x), integer("blocksize", r), string("mode", "CRD"));
    }

    private INDArray param(String name) {
        INDArray v = params.get(name);
        if (v == null) throw new IllegalStateException("parameter '" + name + "' missing for " + config);
        return v;
    }
}
