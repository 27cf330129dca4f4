package org.rrlfn.data.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.rrlfn.common.config.Command;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.files.FileOptions;
import org.rrlfn.common.spark.SparkContexts;
import org.rrlfn.data.prepare.PrepareFailed;
import org.rrlfn.data.prepare.PrepareJob;
import org.rrlfn.data.prepare.PrepareResult;
import org.rrlfn.data.prepare.PrepareSettings;

/** {@code rrlfn prepare [--input DIR|GLOB] [--output DIR] [key=value ...]}: runs {@link PrepareJob}. */
public final class PrepareCommand {
    public static final Command COMMAND = new Command("prepare",
            "Spark job: HR images -> HR/LR sub-image shards + index, held-out images, manifest",
            Map.of("input", PrepareSettings.PATH + ".input",
                    "output", PrepareSettings.PATH + ".output",
                    "master", Settings.ROOT + ".spark.master"),
            List.of(PrepareSettings.PATH, Settings.ROOT + ".spark", Settings.ROOT + ".files"), "", PrepareCommand::run);

    private PrepareCommand() { }

    /** A {@link PrepareFailed} (no usable set) ends the command with exit code 1. */
    static void run(Settings.Loaded loaded, PrintStream out) {
        PrepareSettings settings = PrepareSettings.from(loaded.config());
        try (JavaSparkContext sc = SparkContexts.create(loaded.config(), null)) {
            PrepareResult r = PrepareJob.run(sc, settings, FileOptions.from(loaded.config()));
            out.printf("prepared %s: %d training + %d validation + %d test images, sub-images %s, %d rejected, %.1f s%n",
                    settings.output(), r.trainingImages(), r.validationImages().size(), r.testImages().size(), r.subImages(),
                    r.rejected().size(), r.seconds());
            r.rejected().forEach(x -> out.println("  rejected " + x.file() + ": " + x.reason()));
        }
    }
}
