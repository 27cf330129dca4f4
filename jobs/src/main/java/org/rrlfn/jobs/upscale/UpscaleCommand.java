package org.rrlfn.jobs.upscale;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Command;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.files.FileOptions;
import org.rrlfn.common.spark.SparkContexts;
import org.rrlfn.jobs.memory.MemoryCheck;

/** {@code rrlfn upscale --model M --input DIR|GLOB --output DIR [--engine dl4j|onnx]}: runs {@link UpscaleJob}. */
public final class UpscaleCommand {
    public static final Command COMMAND = new Command("upscale", "Spark job: tiled SR of images with a model zip or ONNX",
            Map.of("model", UpscaleSettings.PATH + ".model",
                    "input", UpscaleSettings.PATH + ".input",
                    "output", UpscaleSettings.PATH + ".output",
                    "engine", UpscaleSettings.PATH + ".engine",
                    "tile", UpscaleSettings.PATH + ".tile",
                    "overlap", UpscaleSettings.PATH + ".overlap",
                    "redo-stale", UpscaleSettings.PATH + ".redo-stale=true",
                    "master", Settings.ROOT + ".spark.master",
                    MemoryCheck.OPTION, MemoryCheck.IGNORE + "=true"),
            List.of(UpscaleSettings.PATH, Settings.ROOT + ".spark", Settings.ROOT + ".files"), "", UpscaleCommand::run);

    /** Some inputs could not be upscaled (the report lists them): exit code 1, so scripts notice. */
    public static final class InputsFailed extends UserError {
        InputsFailed(String message) {
            super(message);
        }
    }

    private UpscaleCommand() { }

    static void run(Settings.Loaded loaded, PrintStream out) {
        UpscaleSettings settings = UpscaleSettings.from(loaded.config());
        MemoryCheck.enforceUpscale(loaded.config(), settings.tile());
        UpscaleResult r;
        try (JavaSparkContext sc = SparkContexts.create(loaded.config())) {
            r = UpscaleJob.run(sc, settings, FileOptions.from(loaded.config()));
        }
        out.println(r.summary());
        r.failed().forEach(f -> out.println("  failed " + f.file() + ": " + f.reason()));
        out.println("report: " + settings.output() + "/" + UpscaleJob.REPORT);
        if (!r.failed().isEmpty())
            throw new InputsFailed(r.failed().size() + " input(s) failed; see " + settings.output() + "/" + UpscaleJob.REPORT);
    }
}
