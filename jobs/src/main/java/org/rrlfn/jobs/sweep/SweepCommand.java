package org.rrlfn.jobs.sweep;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.files.FileOptions;
import org.rrlfn.common.files.LocalFiles;
import org.rrlfn.common.files.OutputFolder;
import org.rrlfn.common.spark.SparkContexts;

/** {@code rrlfn sweep --config sweep.conf}: grid or random search over any training keys. */
public final class SweepCommand {
    public static final Map<String, String> OPTIONS = Map.of("output", SweepSettings.PATH + ".output");

    private SweepCommand() { }

    public static void run(List<String> args, PrintStream out) {
        Config config = Settings.load(args, OPTIONS).config();
        SweepSettings s = SweepSettings.from(config);
        // Concurrent trials share the executors fairly instead of queueing behind each other.
        List<String> sparkArgs = new ArrayList<>(args);
        if (s.concurrent() > 1) sparkArgs.add("spark.conf.\"spark.scheduler.mode\"=FAIR");
        try (OutputFolder folder = OutputFolder.claim(s.output(), "sweep", SweepSettings.PATH + ".output",
                Set.of("results.md", "best.conf"), FileOptions.from(config), new org.apache.hadoop.conf.Configuration());
             JavaSparkContext sc = SparkContexts.create(Settings.load(sparkArgs, OPTIONS).config())) {
            folder.removeStale(LocalFiles.TEMPORARY);
            List<Trial> sorted = SweepJob.run(sc, s, args);
            folder.ensureLocked();
            Path dir = Path.of(s.output());
            SweepReport.write(dir, sorted, s.space().keys());
            out.print("\n" + SweepReport.table(sorted, s.space().keys()) + "\nresults: " + dir.resolve("results.md").toAbsolutePath()
                    + "\nbest config: " + dir.resolve("best.conf").toAbsolutePath() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
