package org.rrlfn.jobs.train;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.rrlfn.common.config.Command;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.spark.SparkContexts;
import org.rrlfn.jobs.memory.MemoryCheck;
import org.rrlfn.jobs.model.ModelSettings;
import org.rrlfn.jobs.train.config.TrainSettings;

/** {@code rrlfn train [--config FILE] [key=value ...]}. */
public final class TrainCommand {
    public static final Command COMMAND = new Command("train", "Spark job: parameter-averaged training through the"
            + " warm-start stages; re-run to resume",
            Map.of("data", TrainSettings.PATH + ".data",
                    "run", TrainSettings.PATH + ".run",
                    "profile", TrainSettings.PATH + ".profile",
                    "workers", TrainSettings.PATH + ".workers",
                    "force-config-change", TrainSettings.PATH + ".force-config-change=true",
                    MemoryCheck.OPTION, MemoryCheck.IGNORE + "=true",
                    "master", Settings.ROOT + ".spark.master"),
            List.of(TrainSettings.PATH, ModelSettings.PATH, Settings.ROOT + ".spark", Settings.ROOT + ".files"), "",
            TrainCommand::run);

    private TrainCommand() { }

    static void run(Settings.Loaded loaded, PrintStream out) {
        String profile = loaded.config().getString(TrainSettings.PATH + ".profile");
        var config = TrainSettings.withProfile(loaded, profile);
        TrainSettings settings = TrainSettings.from(config);     // all validation before Spark starts
        TrainMemory.check(config, settings, TrainMemory.demo(loaded, profile));
        try (JavaSparkContext sc = SparkContexts.create(config)) {
            TrainJob.run(sc, settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
