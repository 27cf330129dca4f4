package org.rrlfn.model.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;
import org.rrlfn.model.Engine;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.image.MatlabImresize;
import org.rrlfn.model.losses.FeatureExtractor;
import org.rrlfn.model.losses.LossConfig;

/**
 * Twenty Adam steps of the whole TRAIN-form network (in-graph merged kernels, as training runs by default, and explicit
 * branches, {@code rrlfn.model.merge-branches-in-graph = false}) in DL4J and in
 * PyTorch (autograd + torch.optim.Adam, explicit branches, tools/pytorch_rrlfn.py) from the same weights on the
 * same minibatches, with a learning-rate halving inside the run, on each engine ({@code rrlfn.train.engine}: the step's
 * forward and backward in SameDiff or in libtorch, DL4J's Adam either way). Equal losses step by step and equal final
 * weights prove every gradient of the training step — ESA's bilinear resize, the max pool, the pixel shuffle,
 * the contrastive term — and the optimizer.
 *
 * <p>Adam's ε: DL4J adds it to √v before the bias correction (Kingma & Ba's "ε̂"), PyTorch after, so DL4J's
 * ε = 1e-8 acts as PyTorch's ε/√(1−β2^t) (3e-7 at step 1). That changes the first steps of weights whose
 * gradients are ~1e-6 (measured: 1 % of the parameter change after 20 steps), so the PyTorch side is told to
 * place ε as DL4J does; its Adam is otherwise its own.
 */
class PyTorchTrainingTest {
    private static final int STEPS = 20, HALVING = 8;
    private static final double LR = 1e-3;
    private static final double EPS = 1e-8;
    @TempDir File dir;

    @BeforeAll
    static void torchAvailable() throws Exception {
        PyTorch.requireOrSkip();
    }

    @ParameterizedTest(name = "x{0} contrastive weight {1} merged kernel {2} on {3}")
    @CsvSource({"2, 0, true, DL4J", "4, 0.05, true, DL4J", "4, 0.05, false, DL4J", "2, 0, true, TORCH",
            "4, 0.05, true, TORCH"})
    void twentyAdamStepsMatchPyTorch(int scale, double contrastiveWeight, boolean merged, Engine engine) throws Exception {
        int h = 17, w = 19;
        LossConfig loss = contrastiveWeight == 0 ? LossConfig.l1()
                : new LossConfig("l1+contrastive", contrastiveWeight, new double[]{1, 1}, new int[]{16, 16}, 7);
        Adam adam = Adam.builder().learningRateSchedule(new StepSchedule(ScheduleType.ITERATION, LR, 0.5, HALVING))
                .beta1(0.9).beta2(0.999).epsilon(EPS).build();
        ComputationGraph net = RrlfnModels.create(new RrlfnLayer(RrlfnConfig.paper(scale).withMergeBranchesInGraph(merged), loss), 3, adam, DataType.FLOAT);
        RrlfnModels.useEngine(net, engine, "cpu");
        File start = new File(dir, "start"), batches = new File(dir, "batches"), torchOut = new File(dir, "torch");
        writeParams(RrlfnModels.params(net), start);
        Map<String, INDArray> initial = RrlfnModels.copyParams(net);
        batches.mkdirs();
        if (contrastiveWeight > 0) writeContrastiveData(loss.extractor(), h, w, scale, batches);

        Nd4j.getRandom().setSeed(scale);
        double[] ours = new double[STEPS];
        for (int t = 0; t < STEPS; t++) {
            INDArray lr = Nd4j.rand(DataType.FLOAT, 2, 3, h, w);
            INDArray hr = Nd4j.rand(DataType.FLOAT, 2, 3, h * scale, w * scale);
            Nd4j.writeAsNumpy(lr, new File(batches, "lr-" + t + ".npy"));
            Nd4j.writeAsNumpy(hr, new File(batches, "hr-" + t + ".npy"));
            net.fit(new DataSet(lr, hr));
            ours[t] = net.score();          // the loss of this step's forward pass, before its update
        }
        torchOut.mkdirs();
        PyTorch.run("train", List.of("--weights", start.getPath(), "--batches", batches.getPath(),
                "--output", torchOut.getPath(), "--steps", String.valueOf(STEPS), "--lr", String.valueOf(LR),
                "--halving", String.valueOf(HALVING), "--eps", String.valueOf(EPS), "--scale", String.valueOf(scale),
                "--contrastive-weight", String.valueOf(contrastiveWeight), "--eps-before-correction"));

        double[] theirs = Nd4j.createFromNpyFile(new File(torchOut, "losses.npy")).toDoubleVector();
        double maxLossRel = 0;
        for (int t = 0; t < STEPS; t++) {
            double rel = Math.abs(ours[t] - theirs[t]) / Math.abs(theirs[t]);
            maxLossRel = Math.max(maxLossRel, rel);
            assertTrue(rel <= 1e-4, "step " + t + ": loss DL4J " + ours[t] + " vs PyTorch " + theirs[t]
                    + "; all steps DL4J " + java.util.Arrays.toString(ours) + " PyTorch " + java.util.Arrays.toString(theirs));
        }
        assertTrue(theirs[STEPS - 1] < theirs[0], "the run must learn something for the comparison to mean anything");

        // Norm: ‖θ_DL4J − θ_PyTorch‖₂ / ‖θ_PyTorch − θ₀‖₂ over all parameters, i.e. relative to how far training moved.
        double diff2 = 0, moved2 = 0;
        for (Map.Entry<String, INDArray> e : RrlfnModels.params(net).entrySet()) {
            INDArray mine = e.getValue().castTo(DataType.DOUBLE).reshape(-1);
            INDArray other = Nd4j.createFromNpyFile(new File(torchOut, e.getKey() + ".npy")).castTo(DataType.DOUBLE).reshape(-1);
            assertArrayEquals(mine.shape(), other.shape(), e.getKey());
            diff2 += Math.pow(mine.sub(other).norm2Number().doubleValue(), 2);
            moved2 += Math.pow(other.sub(initial.get(e.getKey()).castTo(DataType.DOUBLE).reshape(-1)).norm2Number().doubleValue(), 2);
        }
        double relative = Math.sqrt(diff2 / moved2);
        System.out.printf("x%d, contrastive weight %s: max relative loss difference %.2e, parameters %.2e%n",
                scale, contrastiveWeight, maxLossRel, relative);
        assertTrue(relative <= 1e-3, "‖θ_DL4J − θ_PyTorch‖ / ‖θ_PyTorch − θ0‖ = " + relative);
    }

    private static void writeParams(Map<String, INDArray> params, File folder) throws Exception {
        folder.mkdirs();
        for (Map.Entry<String, INDArray> e : params.entrySet())
            Nd4j.writeAsNumpy(e.getValue().dup(), new File(folder, e.getKey() + ".npy"));
    }

    /** The frozen extractor's weights and the bicubic interpolation matrices that make the negative from LR. */
    private static void writeContrastiveData(FeatureExtractor phi, int h, int w, int scale, File folder) throws Exception {
        folder.mkdirs();
        for (int i = 0; i < 2; i++) {
            Nd4j.writeAsNumpy(phi.kernel(i), new File(folder, "phi" + i + ".W.npy"));
            Nd4j.writeAsNumpy(phi.bias(i), new File(folder, "phi" + i + ".b.npy"));
        }
        Nd4j.writeAsNumpy(Nd4j.create(MatlabImresize.matrix(h, h * scale, scale)),
                new File(folder, "resize-h.npy"));
        Nd4j.writeAsNumpy(Nd4j.create(MatlabImresize.matrix(w, w * scale, scale)),
                new File(folder, "resize-w.npy"));
    }
}
