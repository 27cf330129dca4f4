package org.rrlfn.model.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.reparam.Fusion;

/**
 * The same weights through PyTorch's own conv, max_pool2d, bilinear interpolate and PixelShuffle
 * (tools/pytorch_rrlfn.py, written from RLFN's reference code) must give the same SR image.
 * Needs Debian's python3-torch; CI installs it and sets RRLFN_REQUIRE_TORCH=1 so it can never skip there.
 */
class PyTorchCrossCheckTest {
    @TempDir File dir;

    @BeforeAll
    static void torchAvailable() throws Exception {
        PyTorch.requireOrSkip();
    }

    @ParameterizedTest(name = "x{0} {1}x{2} deploy={3}")
    @CsvSource({"2, 17, 23, false", "3, 31, 20, false", "4, 24, 37, false", "4, 19, 16, true"})
    void sameOutputAsPyTorch(int scale, int h, int w, boolean deploy) throws Exception {
        ComputationGraph net = RrlfnModels.create(RrlfnConfig.paper(scale).withMergeBranchesInGraph(false), 17 + scale);
        if (deploy) net = Fusion.fuse(net, 1);
        for (Map.Entry<String, INDArray> e : RrlfnModels.params(net).entrySet())
            Nd4j.writeAsNumpy(e.getValue().dup(), new File(dir, e.getKey() + ".npy"));
        Nd4j.getRandom().setSeed(h * 100L + w);
        INDArray lr = Nd4j.rand(DataType.FLOAT, 2, 3, h, w);
        Nd4j.writeAsNumpy(lr, new File(dir, "input.npy"));

        List<String> args = new ArrayList<>(List.of("--weights", dir.getPath(),
                "--input", new File(dir, "input.npy").getPath(), "--output", new File(dir, "sr.npy").getPath(),
                "--scale", String.valueOf(scale)));
        if (deploy) args.add("--deploy");
        PyTorch.run("reference", args);

        INDArray theirs = Nd4j.createFromNpyFile(new File(dir, "sr.npy"));
        INDArray ours = RrlfnModels.upscale(net, lr);
        assertArrayEquals(ours.shape(), theirs.shape());
        double diff = ours.sub(theirs.castTo(DataType.FLOAT)).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-4, "max |DL4J - PyTorch| = " + diff);
    }
}
