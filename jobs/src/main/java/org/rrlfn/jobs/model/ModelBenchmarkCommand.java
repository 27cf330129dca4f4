package org.rrlfn.jobs.model;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Command;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.log.Timing;
import org.rrlfn.model.Engine;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.onnx.OnnxExport;
import org.rrlfn.model.onnx.OnnxUpscaler;
import org.rrlfn.model.profile.StepProfile;
import org.rrlfn.model.reparam.Fusion;

/**
 * {@code rrlfn benchmark-model}: one training step (batch 16, HR patch 128) and inference on one 256×256 LR
 * image, for the TRAIN form (explicit branches and in-graph merged kernel) and the fused DEPLOY form, on the engine
 * {@code rrlfn.train.engine} names ({@code --engine torch}: libtorch, on {@code rrlfn.train.torch-device}).
 * Reports medians over repeats after warm-up. {@code --profile} (a bare flag, or {@code benchmark.profile=true})
 * first prints where a training step's time goes, per op role, for both TRAIN forms.
 */
public final class ModelBenchmarkCommand {
    public static final Command COMMAND = new Command("benchmark-model",
            "time a training step and TRAIN vs fused inference (--profile: where a step's time goes)",
            Map.of("scale", ModelSettings.PATH + ".scale",
                    "repeats", "rrlfn.benchmark.repeats",
                    "batch", "rrlfn.benchmark.batch",
                    "hr-patch", "rrlfn.benchmark.hr-patch",
                    "lr-size", "rrlfn.benchmark.lr-size",
                    "profile", "rrlfn.benchmark.profile=true",
                    "engine", "rrlfn.train.engine"),
            List.of("rrlfn.benchmark", ModelSettings.PATH, "rrlfn.train"), "", ModelBenchmarkCommand::run);

    private ModelBenchmarkCommand() { }

    static void run(Settings.Loaded loaded, PrintStream out) {
        var config = loaded.config();
        RrlfnConfig arch = ModelSettings.from(config);
        var b = config.getConfig("rrlfn.benchmark");
        int repeats = b.getInt("repeats"), batch = b.getInt("batch"), patch = b.getInt("hr-patch"), size = b.getInt("lr-size");
        if (patch % arch.scale() != 0) throw new UserError("rrlfn.benchmark.hr-patch must be a multiple of the scale");
        Engine engine = Engine.of(config.getString("rrlfn.train.engine"));
        String device = config.getString("rrlfn.train.torch-device");
        out.printf("ND4J backend %s, threads %s, %s, engine %s%s%n", Nd4j.getBackend().getClass().getSimpleName(),
                Nd4j.getEnvironment().maxMasterThreads(), arch, engine.key(), engine == Engine.TORCH ? " on " + device : "");

        Nd4j.getRandom().setSeed(1);
        int lrPatch = patch / arch.scale();
        DataSet d = new DataSet(Nd4j.rand(DataType.FLOAT, batch, 3, lrPatch, lrPatch),
                Nd4j.rand(DataType.FLOAT, batch, 3, patch, patch));
        ComputationGraph merged = RrlfnModels.create(arch.withMergeBranchesInGraph(true), 1);
        ComputationGraph branches = RrlfnModels.create(arch.withMergeBranchesInGraph(false), 1);
        RrlfnModels.useEngine(merged, engine, device);
        RrlfnModels.useEngine(branches, engine, device);
        if (b.getBoolean("profile") && engine == Engine.DL4J) {
            profile("TRAIN form, merged kernel", arch.withMergeBranchesInGraph(true), d, repeats, out);
            profile("TRAIN form, explicit branches", arch.withMergeBranchesInGraph(false), d, repeats, out);
        }
        out.printf("train runs the %s (%s.merge-branches-in-graph = %b)%n", arch.mergeBranchesInGraph()
                ? "merged kernel" : "explicit branches", ModelSettings.PATH, arch.mergeBranchesInGraph());
        out.printf("%-44s %12s%n", "measurement", "median ms");
        out.printf("%-44s %12.1f%n", "train step, TRAIN form, merged kernel", median(repeats, () -> merged.fit(d)));
        out.printf("%-44s %12.1f%n", "train step, TRAIN form, explicit branches", median(repeats, () -> branches.fit(d)));
        // What DL4J's output layer spent on every step before fit took the loss from its gradient pass.
        out.printf("%-44s %12.1f%n", "score pass alone (forward to the loss)", median(repeats, () -> branches.score(d)));

        INDArray image = Nd4j.rand(DataType.FLOAT, 1, 3, size, size);
        ComputationGraph fused = Fusion.fuse(branches, 1);
        RrlfnModels.useEngine(fused, engine, device);
        String what = "inference " + size + "x" + size + " LR, ";
        double tBranches = median(repeats, () -> RrlfnModels.upscale(branches, image));
        double tMerged = median(repeats, () -> RrlfnModels.upscale(merged, image));
        double tFused = median(repeats, () -> RrlfnModels.upscale(fused, image));
        out.printf("%-44s %12.1f%n", what + "TRAIN, branches", tBranches);
        out.printf("%-44s %12.1f%n", what + "TRAIN, merged kernel", tMerged);
        out.printf("%-44s %12.1f%n", what + "DEPLOY (fused)", tFused);
        out.printf("%-44s %12.1f%n", what + "DEPLOY, ONNX Runtime", onnxRuntimeMs(fused, image, repeats));
        out.printf("fused vs TRAIN (branches): %.2fx faster%n", tBranches / tFused);
    }

    /** On a graph of its own: the profiling listeners stay attached to the graph they measured. */
    private static void profile(String what, RrlfnConfig arch, DataSet d, int repeats, PrintStream out) {
        out.printf("%nprofile: training step, %s, %d steps after 2 warm-up steps%n", what, repeats);
        StepProfile.measure(RrlfnModels.create(arch, 1), d, 2, repeats).print(out);
        out.println();
    }

    /** The fused model exported as fuse-eval exports it, run by ONNX Runtime on ND4J's thread count. */
    private static double onnxRuntimeMs(ComputationGraph fused, INDArray image, int repeats) {
        try {
            Path file = Files.createTempFile("rrlfn-benchmark", ".onnx");
            file.toFile().deleteOnExit();
            OnnxExport.write(fused, file);
            OnnxUpscaler.Nchw lr = new OnnxUpscaler.Nchw(image.dup('c').data().asFloat(), image.shape());
            try (OnnxUpscaler ort = new OnnxUpscaler(file, Nd4j.getEnvironment().maxMasterThreads())) {
                return median(repeats, () -> ort.upscale(lr));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double median(int repeats, Runnable r) {
        return Timing.medianMs(2, repeats, r);
    }
}
