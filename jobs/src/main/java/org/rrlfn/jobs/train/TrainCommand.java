package org.rrlfn.jobs.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.spark.SparkContexts;

/** {@code rrlfn train [--config FILE] [key=value ...]}. */
public final class TrainCommand {
    public static final Map<String, String> OPTIONS = Map.of(
            "data", TrainSettings.PATH + ".data",
            "run", TrainSettings.PATH + ".run",
            "profile", TrainSettings.PATH + ".profile",
            "workers", TrainSettings.PATH + ".workers",
            "force-config-change", TrainSettings.PATH + ".force-config-change=true",
            "master", Settings.ROOT + ".spark.master");

    private TrainCommand() { }

    public static void run(List<String> args) {
        var config = Settings.load(args, OPTIONS).config();
        TrainSettings settings = TrainSettings.from(config);     // all validation before Spark starts
        try (JavaSparkContext sc = SparkContexts.create(config)) {
            TrainJob.run(sc, settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
