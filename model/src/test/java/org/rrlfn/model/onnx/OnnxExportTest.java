package org.rrlfn.model.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorShapeProto;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;

/** The exported model, run by ONNX Runtime, must give DL4J's SR image at any size from one file. */
class OnnxExportTest {
    static final double TOLERANCE = 1e-4;
    static final double GAIN = 4;
    @TempDir Path dir;

    /** One file per network, two image sizes (and two batch sizes) through it: the dimensions are truly dynamic. */
    @ParameterizedTest(name = "x{0} {1}")
    @CsvSource({"2, LEAKY_RELU", "4, LEAKY_RELU", "3, RELU"})
    void onnxRuntimeMatchesDl4j(int scale, RrlfnConfig.Activation activation) {
        RrlfnConfig c = RrlfnConfig.paper(scale).withForm(RrlfnConfig.Form.DEPLOY).withActivation(activation, 0.05);
        ComputationGraph net = RrlfnModels.create(c, 100 + scale);
        sharpenAttention(net);
        Path file = dir.resolve("rrlfn-x" + scale + ".onnx");
        export(net, file);
        try (OnnxUpscaler ort = new OnnxUpscaler(file, 2)) {
            compare(net, ort, 1, 17, 23);
            compare(net, ort, 2, 40, 31);
        }
    }

    /**
     * With PyTorch's default init the ESA mask stays near sigmoid(0) and barely moves the output, so a wrong
     * resize convention (e.g. asymmetric instead of half_pixel) would hide under the tolerance. Larger ESA
     * weights make the upsampled branch count: that mistake then shows as differences of 1e-3 and more.
     */
    private static void sharpenAttention(ComputationGraph net) {
        RrlfnModels.params(net).forEach((name, value) -> {
            if (name.matches("b\\d+\\.esa\\.conv[34]\\.W")) value.muli(GAIN);
        });
    }

    private static void compare(ComputationGraph net, OnnxUpscaler ort, int n, int h, int w) {
        Nd4j.getRandom().setSeed(h * 1000L + w);
        INDArray lr = Nd4j.rand(DataType.FLOAT, n, 3, h, w);
        INDArray expected = RrlfnModels.upscale(net, lr);
        OnnxUpscaler.Nchw sr = ort.upscale(new OnnxUpscaler.Nchw(lr.dup('c').data().asFloat(), lr.shape()));

        assertArrayEquals(expected.shape(), sr.shape());
        INDArray actual = Nd4j.create(sr.data(), sr.shape(), 'c');
        double maxDiff = expected.sub(actual).amaxNumber().doubleValue();
        System.out.printf("ONNX Runtime vs DL4J, %s, %dx3x%dx%d: max |diff| = %.3g%n",
                RrlfnModels.architecture(net), n, h, w, maxDiff);
        assertTrue(maxDiff <= TOLERANCE, "max |ORT - DL4J| = " + maxDiff + " at " + n + "x3x" + h + "x" + w);
        assertTrue(expected.stdNumber().doubleValue() > 1e-3, "degenerate output: the comparison would prove nothing");
    }

    @Test
    void modelDeclaresDynamicSizesAndUsesOnlyTheStandardOps() {
        ModelProto m = OnnxExport.model(RrlfnModels.create(RrlfnConfig.paper(2).withForm(RrlfnConfig.Form.DEPLOY), 1));
        assertTrue(m.getOpsetImport(0).getVersion() >= 13);
        assertEquals("lr", m.getGraph().getInput(0).getName());
        assertEquals("sr", m.getGraph().getOutput(0).getName());
        assertEquals("[N, 3, H, W]", dims(m.getGraph().getInput(0).getType().getTensorType().getShape()));

        Set<String> ops = m.getGraph().getNodeList().stream().map(NodeProto::getOpType).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of("Add", "Conv", "DepthToSpace", "LeakyRelu", "MaxPool", "Mul", "Resize", "Shape",
                "Sigmoid")), ops);
        // 2 + 6·(3 RepConv + c5 + 5 ESA) convs; one initializer per weight and per bias, i.e. every parameter once.
        assertEquals(2 + 6 * 9 + 1, m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Conv")).count());
        long values = m.getGraph().getInitializerList().stream().mapToLong(t -> t.getRawData().size() / 4).sum();
        assertEquals(454_620, values);
        NodeProto resize = m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Resize")).findFirst().orElseThrow();
        assertTrue(resize.getAttributeList().stream().anyMatch(a -> a.getName().equals("coordinate_transformation_mode")
                && a.getS().toStringUtf8().equals("half_pixel")));
    }

    @Test
    void trainFormIsRefused() {
        ComputationGraph train = RrlfnModels.create(RrlfnConfig.paper(2).withWidth(8, 1, 4), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.model(train));
        assertTrue(e.getMessage().contains("DEPLOY"), e.getMessage());
    }

    @Test
    void upscalerNamesAMissingFileAndATooSmallInput() throws Exception {
        Path absent = dir.resolve("absent.onnx");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new OnnxUpscaler(absent, 1)).getMessage()
                .contains("absent.onnx"));
        Path file = dir.resolve("tiny.onnx");
        export(RrlfnModels.create(RrlfnConfig.paper(2).withWidth(8, 1, 4).withForm(RrlfnConfig.Form.DEPLOY), 3), file);
        try (OnnxUpscaler ort = new OnnxUpscaler(file, 1)) {
            OnnxUpscaler.Nchw small = new OnnxUpscaler.Nchw(new float[3 * 14 * 20], new long[]{1, 3, 14, 20});
            assertTrue(assertThrows(IllegalArgumentException.class, () -> ort.upscale(small)).getMessage().contains("14x20"));
        }
    }

    private static void export(ComputationGraph net, Path file) {
        try {
            OnnxExport.write(net, file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String dims(TensorShapeProto shape) {
        return shape.getDimList().stream()
                .map(d -> d.hasDimParam() ? d.getDimParam() : String.valueOf(d.getDimValue()))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
