package org.rrlfn.data.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.files.FileOptions;
import org.rrlfn.common.spark.SparkContexts;
import org.rrlfn.data.prepare.PrepareFailed;
import org.rrlfn.data.prepare.PrepareJob;
import org.rrlfn.data.prepare.PrepareResult;
import org.rrlfn.data.prepare.PrepareSettings;

/** {@code rrlfn prepare [--input DIR|GLOB] [--output DIR] [key=value ...]}: runs {@link PrepareJob}. */
public final class PrepareCommand {
    static final Map<String, String> OPTIONS = Map.of(
            "input", PrepareSettings.PATH + ".input",
            "output", PrepareSettings.PATH + ".output",
            "master", Settings.ROOT + ".spark.master");

    private PrepareCommand() { }

    public static void run(List<String> args, PrintStream out) {
        Settings.Loaded loaded = Settings.load(args, OPTIONS);
        if (!loaded.positional().isEmpty())
            throw new Settings.Invalid("prepare takes no positional arguments, got " + loaded.positional()
                    + " (use --input and --output)");
        PrepareSettings settings = PrepareSettings.from(loaded.config());
        try (JavaSparkContext sc = SparkContexts.create(loaded.config(), null)) {
            PrepareResult r = PrepareJob.run(sc, settings, FileOptions.from(loaded.config()));
            out.printf("prepared %s: %d training + %d validation + %d test images, sub-images %s, %d rejected, %.1f s%n",
                    settings.output(), r.trainingImages(), r.validationImages().size(), r.testImages().size(), r.subImages(),
                    r.rejected().size(), r.seconds());
            r.rejected().forEach(x -> out.println("  rejected " + x.file() + ": " + x.reason()));
        } catch (PrepareFailed e) {
            System.err.println("rrlfn prepare: " + e.getMessage());
            System.exit(1);
        }
    }
}
