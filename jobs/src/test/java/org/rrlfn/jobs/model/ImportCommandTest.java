package org.rrlfn.jobs.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.protobuf.ByteString;
import org.rrlfn.common.UserError;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.onnx.OnnxExport;

class ImportCommandTest {

    @Test
    void namesTheFileAndTheReasonAndWritesNothing(@TempDir Path dir) throws Exception {
        Path garbage = dir.resolve("garbage.onnx"), other = dir.resolve("other.onnx"), zip = dir.resolve("m.zip");
        Files.writeString(garbage, "not a model");
        ModelProto.Builder m = OnnxExport.model(
                RrlfnModels.create(RrlfnConfig.paper(2).withForm(RrlfnConfig.Form.DEPLOY), 42)).toBuilder();
        for (NodeProto.Builder n : m.getGraphBuilder().getNodeBuilderList())
            if (n.getOpType().equals("DepthToSpace"))
                for (AttributeProto.Builder a : n.getAttributeBuilderList())
                    if (a.getName().equals("mode")) a.setS(ByteString.copyFromUtf8("DCR"));
        Files.write(other, m.build().toByteArray());

        UserError e = assertThrows(UserError.class,
                () -> ImportCommand.COMMAND.run(List.of("--onnx", garbage.toString(), "--output", zip.toString()), System.out));
        assertTrue(e.getMessage().startsWith(garbage + ": not a readable ONNX model"), e.getMessage());
        e = assertThrows(UserError.class,
                () -> ImportCommand.COMMAND.run(List.of("--onnx", other.toString(), "--output", zip.toString()), System.out));
        assertTrue(e.getMessage().startsWith(other + ": not an RLFN_S/RRLFN deploy graph: "), e.getMessage());
        assertTrue(e.getMessage().contains("DCR"), e.getMessage());
        assertFalse(Files.exists(zip));
    }

    @Test
    void theOutputMayNotBeTheInput(@TempDir Path dir) throws Exception {
        Path onnx = dir.resolve("model.onnx");
        byte[] model = OnnxExport.model(RrlfnModels.create(RrlfnConfig.paper(2).withForm(RrlfnConfig.Form.DEPLOY), 42))
                .toByteArray();
        Files.write(onnx, model);
        UserError e = assertThrows(UserError.class, () -> ImportCommand.COMMAND.run(
                List.of("--onnx", onnx.toString(), "--output", dir.resolve(".").resolve("model.onnx").toString()), System.out));
        assertTrue(e.getMessage().contains("is the --onnx input itself"), e.getMessage());
        assertTrue(java.util.Arrays.equals(model, Files.readAllBytes(onnx)), "the input is intact");
    }
}
