package org.rrlfn.jobs;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.spark.ExecutorWait;
import org.rrlfn.data.cli.DownscaleCommand;
import org.rrlfn.data.cli.PrepareCommand;
import org.rrlfn.data.cli.PrepareBenchmarkCommand;
import org.rrlfn.jobs.eval.FuseEvalCommand;
import org.rrlfn.jobs.eval.MetricsCommand;
import org.rrlfn.jobs.model.BackendCheckCommand;
import org.rrlfn.jobs.model.ImportCommand;
import org.rrlfn.jobs.model.ModelBenchmarkCommand;
import org.rrlfn.jobs.model.SummaryCommand;
import org.rrlfn.jobs.pipeline.PipelineCommand;
import org.rrlfn.jobs.scaling.ScalingCommand;
import org.rrlfn.jobs.sweep.SweepCommand;
import org.rrlfn.jobs.train.TrainBenchmarkCommand;
import org.rrlfn.jobs.train.TrainCommand;
import org.rrlfn.jobs.upscale.UpscaleBenchmarkCommand;
import org.rrlfn.jobs.upscale.UpscaleCommand;

/** Entry point of {@code bin/rrlfn} and of {@code spark-submit}: {@code <command> [--config FILE] [key=value ...]}. */
public final class Main {
    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    private record Command(String help, Consumer<List<String>> run) { }

    static {
        COMMANDS.put("pipeline", new Command("photos -> prepare -> train -> fuse-eval, then the results table",
                a -> PipelineCommand.run(a, System.out)));
        COMMANDS.put("sweep", new Command("grid/random hyperparameter search, trials as (concurrent) Spark jobs",
                a -> SweepCommand.run(a, System.out)));
        COMMANDS.put("summary", new Command("parameter counts and FLOPs of both forms (--scale N)",
                a -> SummaryCommand.run(a, System.out)));
        COMMANDS.put("train", new Command("parameter-averaged training through the warm-start stages",
                TrainCommand::run));
        COMMANDS.put("fuse-eval", new Command("fuse, verify, export ONNX, evaluate PSNR/SSIM, write the report",
                a -> FuseEvalCommand.run(a, System.out)));
        COMMANDS.put("scaling", new Command("predicted throughput and efficiency of parameter averaging at 8-64 executors",
                ScalingCommand::run));
        COMMANDS.put("benchmark-train", new Command("training patches/s and per-round phases per worker count",
                TrainBenchmarkCommand::run));
        COMMANDS.put("benchmark-model", new Command("time a training step and TRAIN vs fused inference",
                a -> ModelBenchmarkCommand.run(a, System.out)));
        COMMANDS.put("backend-check", new Command("the ND4J backend and device loaded; forward vs another backend's"
                + " (--save DIR | --compare DIR)", a -> BackendCheckCommand.run(a, System.out)));
        COMMANDS.put("import", new Command("a fused RLFN_S-layout ONNX graph as a DL4J model zip (--onnx F --output M.zip"
                + " [--pixel-range 1|255] [--form deploy|train])", a -> ImportCommand.run(a, System.out)));
        COMMANDS.put("metrics", new Command("Y-channel PSNR/SSIM of SR vs HR images or folders ([--crop-border N] SR HR)",
                a -> MetricsCommand.run(a, System.out)));
        COMMANDS.put("downscale", new Command("MATLAB-bicubic LR image(s) as PNG: --scale S IN OUT (file or folder)",
                a -> DownscaleCommand.run(a, System.out)));
        COMMANDS.put("prepare", new Command("Spark job: HR images -> HR/LR sub-image shards + index, held-out images, manifest (--input, --output)",
                a -> PrepareCommand.run(a, System.out)));
        COMMANDS.put("benchmark-prepare", new Command("prepare's patches/s per Spark master (--input DIR)",
                a -> PrepareBenchmarkCommand.run(a, System.out)));
        COMMANDS.put("upscale", new Command("Spark job: tiled SR of images (--model M --input DIR|GLOB --output DIR [--engine dl4j|onnx])",
                a -> UpscaleCommand.run(a, System.out)));
        COMMANDS.put("benchmark-upscale", new Command("upscale's output MP/s: dl4j vs onnx, whole vs tiled, on local[2]",
                a -> UpscaleBenchmarkCommand.run(a, System.out)));
    }

    private Main() { }

    public static void main(String[] args) {
        QuietStdout.install();
        if (args.length == 0 || !COMMANDS.containsKey(args[0])) {
            usage(args.length == 0 ? null : args[0]);
            System.exit(args.length == 0 || args[0].equals("help") ? 0 : 2);
        }
        try {
            COMMANDS.get(args[0]).run().accept(Arrays.asList(args).subList(1, args.length));
        } catch (Settings.Invalid e) {
            System.err.println("rrlfn " + args[0] + ": " + e.getMessage());
            System.exit(2);
        } catch (ExecutorWait.NoExecutors e) {
            System.err.println("rrlfn " + args[0] + ": " + e.getMessage());
            System.exit(3);
        } catch (BackendCheckCommand.Mismatch e) {
            System.err.println("rrlfn " + args[0] + ": " + e.getMessage());
            System.exit(1);
        }
    }

    private static void usage(String unknown) {
        if (unknown != null && !unknown.equals("help")) System.err.println("rrlfn: unknown command '" + unknown + "'");
        System.err.println("usage: rrlfn <command> [--config FILE] [key=value ...] [options]");
        COMMANDS.forEach((name, c) -> System.err.printf("  %-16s %s%n", name, c.help()));
    }
}
