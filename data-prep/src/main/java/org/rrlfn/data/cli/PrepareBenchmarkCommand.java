package org.rrlfn.data.cli;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.rrlfn.common.config.Command;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.spark.SparkContexts;
import org.rrlfn.data.prepare.PrepareJob;
import org.rrlfn.data.prepare.PrepareResult;
import org.rrlfn.data.prepare.PrepareSettings;

/**
 * {@code rrlfn benchmark-prepare --input DIR [key=value ...]}: runs the prepare job once per master in
 * {@code rrlfn.benchmark-prepare.masters}, each into a fresh temporary folder, and prints a Markdown table of sub-image
 * pairs (summed over scales) per second of job wall time, Spark start-up excluded. With {@code warm-up} on, an
 * untimed run comes first, so the first master does not pay alone for JIT compilation and ND4J's native start-up.
 */
public final class PrepareBenchmarkCommand {
    public static final Command COMMAND = new Command("benchmark-prepare", "prepare's sub-image pairs/s per Spark master",
            Map.of("input", PrepareSettings.PATH + ".input"),
            List.of(Settings.ROOT + ".benchmark-prepare", PrepareSettings.PATH, Settings.ROOT + ".spark"), "",
            PrepareBenchmarkCommand::run);

    private PrepareBenchmarkCommand() { }

    static void run(Settings.Loaded loaded, PrintStream out) {
        List<String> masters = loaded.config().getStringList(Settings.ROOT + ".benchmark-prepare.masters");
        boolean warmUp = loaded.config().getBoolean(Settings.ROOT + ".benchmark-prepare.warm-up");
        Path work;
        try {
            work = Files.createTempDirectory("rrlfn-benchmark-prepare");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder table = new StringBuilder(
                "| master | images (train+held out) | sub-image pairs | seconds | pairs/s |\n|---|---|---|---|---|\n");
        try {
            for (int i = 0; i < masters.size(); i++) {
                String master = masters.get(i);
                try (JavaSparkContext sc = SparkContexts.create(loaded.config(), master)) {
                    if (i == 0 && warmUp) PrepareJob.run(sc, withOutput(loaded, work.resolve("warm-up")));
                    PrepareResult r = PrepareJob.run(sc, withOutput(loaded, work.resolve("run" + i)));
                    table.append(String.format("| %s | %d+%d | %d | %.1f | %.1f |%n", master, r.trainingImages(),
                            r.validationImages().size() + r.testImages().size(), r.totalSubImages(), r.seconds(), r.totalSubImages() / r.seconds()));
                }
            }
        } finally {
            delete(work);
        }
        out.print(table);
    }

    private static PrepareSettings withOutput(Settings.Loaded loaded, Path output) {
        return PrepareSettings.from(ConfigFactory.parseMap(Map.of(PrepareSettings.PATH + ".output",
                output.toUri().toString())).withFallback(loaded.config()));
    }

    private static void delete(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
