package org.rrlfn.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.protobuf.ByteString;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;

/**
 * Our own export read back gives the same architecture and bit-identical weights; graphs that differ from RLFN_S
 * in one place are rejected with a message naming the block and the difference. (The published checkpoints
 * through torch.onnx.export are checked against PyTorch in the jobs module's PublishedWeightsImportTest.)
 */
class OnnxImportTest {

    private static ComputationGraph deploy(int scale) {
        return RrlfnModels.create(RrlfnConfig.paper(scale).withForm(RrlfnConfig.Form.DEPLOY), 40 + scale);
    }

    @ParameterizedTest(name = "x{0}")
    @ValueSource(ints = {2, 3, 4})
    void ownExportReadsBackExactly(int scale) {
        ComputationGraph net = deploy(scale);
        OnnxImport.Imported imported = OnnxImport.read(OnnxExport.model(net));
        assertEquals(RrlfnModels.architecture(net), imported.config());
        Map<String, INDArray> ours = RrlfnModels.params(net);
        assertEquals(ours.keySet(), imported.params().keySet());
        ours.forEach((k, v) -> assertEquals(v, imported.params().get(k), k));
    }

    @Test
    void pixelRange255DividesBiasesAndScalesTheSigmoidInput() {
        ComputationGraph net = deploy(2);
        OnnxImport.Imported imported = OnnxImport.read(OnnxExport.model(net));
        ComputationGraph converted = OnnxImport.toModel(imported, 255, RrlfnConfig.Form.DEPLOY);
        Map<String, INDArray> p = RrlfnModels.params(net), q = RrlfnModels.params(converted);
        assertEquals(p.get("b0.rm1.W"), q.get("b0.rm1.W"));
        assertEquals(p.get("b0.rm1.b").div(255), q.get("b0.rm1.b"));
        assertEquals(p.get("up.b").div(255), q.get("up.b"));
        assertEquals(p.get("b3.esa.conv4.W").mul(255), q.get("b3.esa.conv4.W"));
        assertEquals(p.get("b3.esa.conv4.b"), q.get("b3.esa.conv4.b"));
        // N01(x) = N255(255 x) / 255: the converted net on x equals the original on 255 x, divided by 255.
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 3, 19, 21);
        INDArray expected = RrlfnModels.upscale(net, x.mul(255)).div(255);
        double diff = RrlfnModels.upscale(converted, x).sub(expected).amaxNumber().doubleValue();
        assertTrue(diff < 1e-4, "max |N01(x) - N255(255x)/255| = " + diff);
    }

    @Test
    void aChangedConvShapeIsRejectedNamingTheBlock() {
        ModelProto.Builder m = OnnxExport.model(deploy(4)).toBuilder();
        // Block 3's ESA conv1 (RRLFN's b2) made 48->8 instead of 48->16.
        replaceWeight(m.getGraphBuilder(), "b2.esa.conv1.W", Nd4j.rand(DataType.FLOAT, 8, 48, 1, 1), 1, 0);
        OnnxImport.NotRrlfn e = assertThrows(OnnxImport.NotRrlfn.class, () -> OnnxImport.read(m.build()));
        assertEquals("block 3 ESA conv1: expected a 1x1 conv 48->16 pad 0, found a 1x1 conv 48->8 pad 0", e.getMessage());

        ModelProto.Builder k = OnnxExport.model(deploy(4)).toBuilder();
        // Block 5's second refinement conv made 1x1.
        replaceWeight(k.getGraphBuilder(), "b4.rm2.W", Nd4j.rand(DataType.FLOAT, 48, 48, 1, 1), 1, 0);
        e = assertThrows(OnnxImport.NotRrlfn.class, () -> OnnxImport.read(k.build()));
        assertEquals("block 5 RM2: expected a 3x3 conv 48->48 pad 1, found a 1x1 conv 48->48 pad 0", e.getMessage());
    }

    @Test
    void aMissingEsaBranchIsRejectedNamingTheBlock() {
        ModelProto.Builder m = OnnxExport.model(deploy(2)).toBuilder();
        GraphProto.Builder g = m.getGraphBuilder();
        // Block 2's ESA without its conv_f branch: conv4 reads the resized conv3 output directly.
        int convf = nodeReading(g, "b1.esa.convf.W");
        String cf = g.getNode(convf).getOutput(0);
        int add = nodeReading(g, cf);
        NodeProto sum = g.getNode(add);
        String resized = sum.getInput(0).equals(cf) ? sum.getInput(1) : sum.getInput(0);
        int conv4 = nodeReading(g, sum.getOutput(0));
        g.getNodeBuilder(conv4).setInput(0, resized);
        g.removeNode(Math.max(add, convf));
        g.removeNode(Math.min(add, convf));
        OnnxImport.NotRrlfn e = assertThrows(OnnxImport.NotRrlfn.class, () -> OnnxImport.read(m.build()));
        assertEquals("block 2 ESA conv_f: expected a 1x1 conv 16->16 pad 0, found a 3x3 conv 16->16 stride 2 pad 0",
                e.getMessage());
    }

    @Test
    void aStrayBranchIsRejectedNamingTheBlock() {
        ModelProto.Builder m = OnnxExport.model(deploy(2)).toBuilder();
        GraphProto.Builder g = m.getGraphBuilder();
        // A Relu reading block 3's output (ESA's Mul) that the description has no place for.
        String block3 = g.getNodeList().stream().filter(n -> n.getOpType().equals("Mul")).skip(2).findFirst().orElseThrow().getOutput(0);
        g.addNode(NodeProto.newBuilder().setOpType("Relu").addInput(block3).addOutput("stray"));
        OnnxImport.NotRrlfn e = assertThrows(OnnxImport.NotRrlfn.class, () -> OnnxImport.read(m.build()));
        assertEquals("nodes outside the RLFN_S data flow: [a Relu node reading block 3's Mul output]", e.getMessage());
    }

    @Test
    void tensorFlowPixelShuffleOrderIsRejected() {
        ModelProto.Builder m = OnnxExport.model(deploy(2)).toBuilder();
        GraphProto.Builder g = m.getGraphBuilder();
        for (NodeProto.Builder n : g.getNodeBuilderList())
            if (n.getOpType().equals("DepthToSpace"))
                for (AttributeProto.Builder a : n.getAttributeBuilderList())
                    if (a.getName().equals("mode")) a.setS(ByteString.copyFromUtf8("DCR"));
        OnnxImport.NotRrlfn e = assertThrows(OnnxImport.NotRrlfn.class, () -> OnnxImport.read(m.build()));
        assertTrue(e.getMessage().contains("DepthToSpace mode DCR"), e.getMessage());
    }

    /** Swaps a conv's weight initializer for another shape and sets the node's kernel_shape and pads to match. */
    private static void replaceWeight(GraphProto.Builder g, String name, INDArray w, int k, int pad) {
        for (int i = 0; i < g.getInitializerCount(); i++)
            if (g.getInitializer(i).getName().equals(name)) g.setInitializer(i, tensor(name, w));
        NodeProto.Builder n = g.getNodeBuilder(nodeReading(g, name));
        n.clearAttribute();
        n.addAttribute(OnnxGraph.ints("kernel_shape", k, k)).addAttribute(OnnxGraph.ints("strides", 1, 1))
                .addAttribute(OnnxGraph.ints("pads", pad, pad, pad, pad));
    }

    private static TensorProto tensor(String name, INDArray v) {
        float[] data = v.dup('c').data().asFloat();
        ByteBuffer bytes = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(data);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(bytes));
        for (long d : v.shape()) t.addDims(d);
        return t.build();
    }

    private static int nodeReading(GraphProto.Builder g, String tensor) {
        for (int i = 0; i < g.getNodeCount(); i++)
            if (g.getNode(i).getInputList().contains(tensor) && !g.getNode(i).getOpType().equals("Shape")) return i;
        throw new IllegalStateException("no node reads " + tensor);
    }
}
