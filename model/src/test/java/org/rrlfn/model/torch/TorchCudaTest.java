package org.rrlfn.model.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.model.Engine;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.bytedeco.pytorch.global.torch;

/**
 * The torch engine on a CUDA device ({@code rrlfn.train.torch-device = cuda}) against the same engine on the CPU: the
 * SR image, and five training steps. Runs wherever libtorch sees a CUDA device: a build with {@code -Ptorch-gpu} and
 * {@code -Dnd4j.extension=-gpu} on a GPU machine ({@code cluster-conf/gpu-check.sh} runs it there); skips elsewhere,
 * with the reason. TF32 is off for the comparison (cuDNN's default rounds convolution inputs to 10 bits).
 */
class TorchCudaTest {
    @BeforeAll
    static void cudaPresent() {
        Torch.load();
        String why = "no CUDA device visible to libtorch (this build carries libtorch's CPU natives, or the machine has"
                + " no GPU): build with -Ptorch-gpu and run with -Dnd4j.extension=-gpu on a GPU machine";
        if ("1".equals(System.getenv("RRLFN_REQUIRE_CUDA"))) assertTrue(torch.cuda_is_available(), why);
        Assumptions.assumeTrue(torch.cuda_is_available(), why);
        torch.globalContext().setAllowTF32CuDNN(false);
        torch.globalContext().setFloat32MatmulPrecision("highest");
    }

    @Test
    void forwardAndFiveStepsOnCudaEqualTheCpu() {
        RrlfnConfig c = RrlfnConfig.paper(4);
        ComputationGraph cpu = RrlfnModels.create(c, 21), gpu = RrlfnModels.create(c, 21);
        RrlfnModels.useEngine(cpu, Engine.TORCH, "cpu");
        RrlfnModels.useEngine(gpu, Engine.TORCH, "cuda");
        Nd4j.getRandom().setSeed(4);
        INDArray lr = Nd4j.rand(DataType.FLOAT, 2, 3, 24, 24);
        double forward = RrlfnModels.upscale(cpu, lr).sub(RrlfnModels.upscale(gpu, lr)).amaxNumber().doubleValue();
        assertTrue(forward <= 1e-4, "max |SR_cpu - SR_cuda| = " + forward);
        for (int i = 0; i < 5; i++) {
            DataSet d = new DataSet(Nd4j.rand(DataType.FLOAT, 4, 3, 24, 24), Nd4j.rand(DataType.FLOAT, 4, 3, 96, 96));
            cpu.fit(d);
            gpu.fit(d);
            assertEquals(cpu.score(), gpu.score(), 1e-4 * cpu.score(), "step " + i + " loss");
        }
        double rel = cpu.params().sub(gpu.params()).norm2Number().doubleValue() / cpu.params().norm2Number().doubleValue();
        assertTrue(rel <= 1e-4, "||params_cpu - params_cuda|| / ||params_cpu|| = " + rel);
    }
}
