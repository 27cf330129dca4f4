package org.rrlfn.jobs.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaSparkContext;
import org.rrlfn.common.config.Command;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.files.FileOptions;
import org.rrlfn.common.files.LocalFiles;
import org.rrlfn.common.files.OutputFolder;
import org.rrlfn.common.log.Console;
import org.rrlfn.common.spark.SparkContexts;
import org.rrlfn.jobs.memory.MemoryCheck;
import org.rrlfn.jobs.model.ModelSettings;
import org.rrlfn.jobs.train.config.TrainSettings;

/** {@code rrlfn sweep --config sweep.conf}: grid or random search over any training keys. */
public final class SweepCommand {
    public static final Command COMMAND = new Command("sweep",
            "grid/random hyperparameter search, trials as (concurrent) Spark jobs",
            Map.of("output", SweepSettings.PATH + ".output", "redo-stale", SweepSettings.PATH + ".redo-stale=true",
                    MemoryCheck.OPTION, MemoryCheck.IGNORE + "=true"),
            List.of(SweepSettings.PATH, TrainSettings.PATH, ModelSettings.PATH, Settings.ROOT + ".spark",
                    Settings.ROOT + ".files"), "", SweepCommand::run);

    /** Trial folders and the reports (SweepJob, SweepReport). */
    private static final OutputFolder.Kind OUTPUT = new OutputFolder.Kind("sweep",
            Pattern.compile("trial-\\d+|results\\.(csv|md)|psnr-by-(trial|steps)\\.png|best\\.conf|" + Pattern.quote(AshaLog.FILE)), LocalFiles.TEMPORARY);

    private SweepCommand() { }

    static void run(Settings.Loaded loaded, PrintStream out) {
        // Every trial starts from the sweep's configuration, its training profile included.
        Config config = TrainSettings.withProfile(loaded, loaded.config().getString(TrainSettings.PATH + ".profile"));
        SweepSettings s = SweepSettings.from(config);
        // Concurrent trials share the executors fairly instead of queueing behind each other.
        Config spark = s.concurrent() <= 1 ? config : Settings.with(config,
                Map.of(ConfigUtil.joinPath(Settings.ROOT, "spark", "conf", "spark.scheduler.mode"), "FAIR"),
                SweepSettings.PATH + ".concurrent > 1");
        SweepJob.check(s, config);
        SweepJob.checkSlots(s, config);
        SweepJob.checkMemory(s, config);
        try (OutputFolder folder = OutputFolder.claim(s.output(), SweepSettings.PATH + ".output", OUTPUT,
                FileOptions.from(config), new org.apache.hadoop.conf.Configuration());
             JavaSparkContext sc = SparkContexts.create(spark)) {
            SweepJob.Outcome found = SweepJob.run(sc, s, config);
            folder.ensureLocked();
            Path dir = Path.of(s.output());
            SweepReport.write(dir, found.ranked(), s.space().keys(), found.rungSteps());
            out.print("\n" + SweepReport.table(found.ranked(), s.space().keys(), found.rungSteps()) + "\nresults: "
                    + dir.resolve("results.md").toAbsolutePath() + "\n"
                    + (SweepReport.best(found.ranked(), found.rungSteps()).isPresent()
                    ? "best config: " + dir.resolve(SweepReport.BEST).toAbsolutePath()
                    : SweepReport.noBest(found.rungSteps())) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
