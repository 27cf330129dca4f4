package org.rrlfn.jobs.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.jobs.PublishedRlfn;
import org.rrlfn.model.arch.Complexity;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.onnx.OnnxUpscaler;

/**
 * The published RLFN_S checkpoints through the user's path — pytorch_rrlfn.py export-rlfn (torch.onnx.export), then
 * `rrlfn import --pixel-range 255` — must compute what PyTorch computes running the checkpoint itself, in both forms;
 * ONNX Runtime on the exported file (a third implementation) must agree as well.
 */
class PublishedWeightsImportTest {
    private static final double TOLERANCE = 1e-4;
    @TempDir Path dir;

    @ParameterizedTest(name = "x{0} --form {1}")
    @CsvSource({"2, deploy", "2, train", "4, deploy", "4, train"})
    void importedCheckpointMatchesPyTorch(int scale, String form) throws Exception {
        Path onnx = PublishedRlfn.exportOnnx(scale, dir);
        Path zip = dir.resolve("imported.zip");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ImportCommand.COMMAND.run(List.of("--onnx", onnx.toString(), "--output", zip.toString(), "--pixel-range", "255",
                "--form", form), new PrintStream(log, true));
        ComputationGraph net = RrlfnModels.load(zip.toFile(), false);
        RrlfnConfig arch = RrlfnModels.architecture(net);
        assertEquals(form.equals("train") ? RrlfnConfig.Form.TRAIN : RrlfnConfig.Form.DEPLOY, arch.form(), log.toString());
        assertEquals(RrlfnConfig.paper(scale).withForm(RrlfnConfig.Form.DEPLOY),
                arch.withForm(RrlfnConfig.Form.DEPLOY).withMergeBranchesInGraph(true), "RLFN_S is the paper's layout");
        assertEquals(scale == 2 ? 454_620 : 470_208, Complexity.parameters(arch.withForm(RrlfnConfig.Form.DEPLOY)));

        // Two odd sizes, neither a multiple of ESA's stride-2 conv and stride-3 pool.
        Nd4j.getRandom().setSeed(scale * 31L);
        List<INDArray> inputs = List.of(Nd4j.rand(DataType.FLOAT, 1, 3, 23, 37), Nd4j.rand(DataType.FLOAT, 2, 3, 41, 29));
        List<INDArray> torch = PublishedRlfn.pytorch(scale, inputs, dir);
        try (OnnxUpscaler ort = new OnnxUpscaler(onnx, 2)) {
            for (int i = 0; i < inputs.size(); i++) {
                INDArray lr = inputs.get(i);
                INDArray ours = RrlfnModels.upscale(net, lr);
                assertArrayEquals(torch.get(i).shape(), ours.shape());
                double vsTorch = ours.sub(torch.get(i)).amaxNumber().doubleValue();
                assertTrue(vsTorch <= TOLERANCE, "x" + scale + " " + form + " " + shape(lr) + ": max |DL4J - PyTorch| = " + vsTorch);

                // ONNX Runtime on the original 0..255 file: pixels x255 in, output /255.
                OnnxUpscaler.Nchw out = ort.upscale(new OnnxUpscaler.Nchw(lr.mul(255).data().asFloat(), lr.shape()));
                INDArray onnxSr = Nd4j.create(out.data(), out.shape(), 'c').div(255);
                double ortVsTorch = onnxSr.sub(torch.get(i)).amaxNumber().doubleValue();
                double ortVsOurs = onnxSr.sub(ours).amaxNumber().doubleValue();
                assertTrue(ortVsTorch <= TOLERANCE && ortVsOurs <= TOLERANCE, "x" + scale + " " + shape(lr)
                        + ": max |ORT - PyTorch| = " + ortVsTorch + ", max |ORT - DL4J| = " + ortVsOurs);
                System.out.printf("x%d %s %s: max |DL4J - PyTorch| %.2e, |ORT - PyTorch| %.2e, |ORT - DL4J| %.2e%n",
                        scale, form, shape(lr), vsTorch, ortVsTorch, ortVsOurs);
            }
        }
    }

    private static String shape(INDArray a) {
        return java.util.Arrays.toString(a.shape());
    }
}
