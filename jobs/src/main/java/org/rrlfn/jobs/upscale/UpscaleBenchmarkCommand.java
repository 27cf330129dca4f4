package org.rrlfn.jobs.upscale;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Command;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.spark.SparkContexts;
import org.rrlfn.data.image.ImageCodec;
import org.rrlfn.jobs.model.ModelSettings;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;

/**
 * {@code rrlfn benchmark-upscale}: output megapixels per second of the upscale job for each engine, whole images vs
 * tiles, on the configured Spark master. The network is {@code rrlfn.model} (the paper's size by default) with random
 * weights, which cost the same time as trained ones; the inputs are synthetic photo-like PNGs.
 */
public final class UpscaleBenchmarkCommand {
    static final String PATH = Settings.ROOT + ".benchmark-upscale";
    public static final Command COMMAND = new Command("benchmark-upscale",
            "upscale's output MP/s: dl4j vs onnx, whole vs tiled", Map.of("master", Settings.ROOT + ".spark.master"),
            List.of(PATH, UpscaleSettings.PATH, ModelSettings.PATH, Settings.ROOT + ".spark"), "",
            UpscaleBenchmarkCommand::run);

    private UpscaleBenchmarkCommand() { }

    static void run(Settings.Loaded loaded, PrintStream out) {
        Config root = loaded.config();
        Config b = root.getConfig(PATH);
        RrlfnConfig arch = ModelSettings.from(root).withForm(RrlfnConfig.Form.DEPLOY);
        int width = b.getInt("lr-width"), height = b.getInt("lr-height"), images = b.getInt("images");
        int tile = b.getInt("tile");
        if (tile >= Math.max(width, height))
            throw new UserError(PATH + ".tile must be smaller than the image (" + width + "x" + height
                    + ") so the tiled run really tiles, got " + tile);
        try {
            Path work = Files.createTempDirectory("rrlfn-benchmark-upscale-");
            File model = work.resolve("model.zip").toFile();
            ComputationGraph g = RrlfnModels.create(arch, 1);
            RrlfnModels.save(g, model, false);
            g.close();
            Path in = Files.createDirectories(work.resolve("in"));
            for (int i = 0; i < images; i++)
                try (OutputStream os = Files.newOutputStream(in.resolve("img" + i + ".png"))) {
                    ImageCodec.writePng(SyntheticPhoto.create(width, height, i), os);
                }
            UpscaleSettings base = UpscaleSettings.from(root
                    .withValue(UpscaleSettings.PATH + ".model", ConfigValueFactory.fromAnyRef(model.toString()))
                    .withValue(UpscaleSettings.PATH + ".input", ConfigValueFactory.fromAnyRef(in.toString()))
                    .withValue(UpscaleSettings.PATH + ".output", ConfigValueFactory.fromAnyRef(work.resolve("out").toString())));
            try (JavaSparkContext sc = SparkContexts.create(root)) {
                String master = sc.master();
                out.printf("## %d images of %dx%d LR, x%d, %s, master %s, %d cores%n%n", images, width, height,
                        arch.scale(), arch, master, Runtime.getRuntime().availableProcessors());
                out.println("| engine | mode | tile (LR px) | output MP | wall s | output MP/s |");
                out.println("|---|---|---|---|---|---|");
                int run = 0;
                for (UpscaleSettings.Engine e : UpscaleSettings.Engine.values()) {
                    // Untimed first run: JIT, native libraries and the engine's first-call set-up.
                    UpscaleJob.run(sc, base.withEngine(e).withOutput(work.resolve("warm-" + e).toString()));
                    for (boolean tiled : new boolean[]{false, true}) {
                        int side = tiled ? tile : Math.max(width, height);
                        UpscaleResult r = UpscaleJob.run(sc, base.withEngine(e).withTiling(side, tiled ? base.overlap() : 0)
                                .withOutput(work.resolve("run" + run++).toString()));
                        out.printf("| %s | %s | %d | %.2f | %.1f | %.3f |%n", r.engine(), tiled ? "tiled" : "whole",
                                side, r.outputPixels() / 1e6, r.seconds(), r.megapixelsPerSecond());
                    }
                }
            }
            out.println("\n(overlap " + base.overlap() + " LR px; work files in " + work + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("benchmark-upscale: " + e.getMessage(), e);
        }
    }
}
