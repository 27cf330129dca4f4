package org.rrlfn.jobs.upscale;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.files.FileOptions;
import org.rrlfn.common.spark.SparkContexts;

/** {@code rrlfn upscale --model M --input DIR|GLOB --output DIR [--engine dl4j|onnx]}: runs {@link UpscaleJob}. */
public final class UpscaleCommand {
    static final Map<String, String> OPTIONS = Map.of(
            "model", UpscaleSettings.PATH + ".model",
            "input", UpscaleSettings.PATH + ".input",
            "output", UpscaleSettings.PATH + ".output",
            "engine", UpscaleSettings.PATH + ".engine",
            "tile", UpscaleSettings.PATH + ".tile",
            "overlap", UpscaleSettings.PATH + ".overlap",
            "master", Settings.ROOT + ".spark.master");

    private UpscaleCommand() { }

    /** Exits with status 1 when any input failed, so scripts notice; the report lists them. */
    public static void run(List<String> args, PrintStream out) {
        Settings.Loaded loaded = Settings.load(args, OPTIONS);
        if (!loaded.positional().isEmpty())
            throw new Settings.Invalid("upscale takes no positional arguments, got " + loaded.positional()
                    + " (use --model, --input and --output)");
        UpscaleSettings settings = UpscaleSettings.from(loaded.config());
        UpscaleResult r;
        try (JavaSparkContext sc = SparkContexts.create(loaded.config())) {
            r = UpscaleJob.run(sc, settings, FileOptions.from(loaded.config()));
        }
        out.println(r.summary());
        r.failed().forEach(f -> out.println("  failed " + f.file() + ": " + f.reason()));
        out.println("report: " + settings.output() + "/" + UpscaleJob.REPORT);
        if (!r.failed().isEmpty()) System.exit(1);
    }
}
