package org.rrlfn.jobs.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.files.FileOptions;
import org.rrlfn.common.files.LocalFiles;
import org.rrlfn.common.files.OutputFolder;
import org.rrlfn.common.files.Sha256;
import org.rrlfn.common.log.Console;
import org.rrlfn.jobs.eval.FuseEvalCommand;
import org.rrlfn.jobs.eval.FuseEvalSettings;
import org.rrlfn.jobs.train.TrainJob;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.config.TrainSettings;
import org.rrlfn.jobs.train.run.RunLayout;
import org.rrlfn.jobs.train.run.RunState;
import org.rrlfn.jobs.train.run.RunStore;

/**
 * {@code rrlfn pipeline --seeds '[1,2,3]'}: the schedule trained once per seed on the one prepared set, each seed into
 * seed-N/run under {@code rrlfn.pipeline.seeds-output} and evaluated into seed-N/report, then the spread of their
 * figures ({@link SeedSummary}). A re-run goes on where it stopped: train skips finished stages and resumes the one in
 * progress, and a seed's report is kept while the run's models are the ones it evaluated (seed-N/evaluated.json
 * records their SHA-256).
 */
final class SeedRuns {
    static final String SEEDS = PipelineCommand.PATH + ".seeds", OUTPUT_KEY = PipelineCommand.PATH + ".seeds-output";
    static final String EVALUATED = "evaluated.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The seeds' folders and the summary's files. */
    private static final OutputFolder.Kind OUTPUT = new OutputFolder.Kind("pipeline", Pattern.compile("seed--?\\d+|"
            + Pattern.quote(SeedSummary.MARKDOWN) + "|" + Pattern.quote(SeedSummary.CSV) + "|"
            + Pattern.quote(SeedSummary.PER_SEED) + "|" + Pattern.quote(SeedSummary.CHART)), LocalFiles.TEMPORARY);

    private SeedRuns() { }

    /** The configured seeds: distinct integers; empty for the pipeline's one run with rrlfn.train.seed. */
    static List<Long> seeds(Config c) {
        List<Long> seeds;
        try {
            seeds = c.getLongList(SEEDS);
        } catch (ConfigException e) {
            throw new UserError(SEEDS + " must be a list of integers, e.g. [1, 2, 3] (" + e.getMessage() + ")");
        }
        Set<Long> seen = new HashSet<>();
        for (long s : seeds)
            if (!seen.add(s)) throw new UserError(SEEDS + " names seed " + s + " twice: each seed is one run");
        return seeds;
    }

    /** The configuration of one seed's run: its seed, its run folder and its report folder. */
    static Config forSeed(Config c, long seed) {
        Path dir = seedDir(c, seed).toAbsolutePath();
        String run = dir.resolve("run").toString();
        return Settings.with(c, Map.of(TrainSettings.PATH + ".seed", seed, TrainSettings.PATH + ".run", run,
                FuseEvalSettings.PATH + ".run", run, FuseEvalSettings.PATH + ".output", dir.resolve("report").toString()),
                SEEDS + " (seed " + seed + ")");
    }

    static Path seedDir(Config c, long seed) {
        return Path.of(c.getString(OUTPUT_KEY), "seed-" + seed);
    }

    /** Trains and evaluates each seed not done yet, then writes the summary; returns what the pipeline prints. */
    static String run(JavaSparkContext sc, Config config, List<Long> seeds) throws IOException {
        Path out = Path.of(config.getString(OUTPUT_KEY));
        Configuration hadoop = sc.hadoopConfiguration();
        try (OutputFolder folder = OutputFolder.claim(out.toString(), OUTPUT_KEY, OUTPUT, FileOptions.from(config), hadoop)) {
            List<SeedSummary.Seed> measured = new ArrayList<>();
            List<Double> trained = new ArrayList<>();    // seconds of the seeds this invocation trained, for the ETA
            for (int i = 0; i < seeds.size(); i++) {
                long seed = seeds.get(i), t0 = System.nanoTime();
                Config c = forSeed(config, seed);
                TrainSettings train = TrainSettings.from(c);
                Console.info("pipeline: seed %d (%d of %d) -> %s", seed, i + 1, seeds.size(), seedDir(config, seed));
                RunState state = TrainJob.run(sc, train);
                if (evaluate(c, state, hadoop, seed)) trained.add((System.nanoTime() - t0) / 1e9);
                Map<String, Integer> scales = new LinkedHashMap<>();
                for (Stage s : train.stages()) scales.put(s.name(), s.scale());
                measured.add(SeedSummary.read(seed, state, scales,
                        Path.of(FuseEvalSettings.from(c).output(), "summary.json")));
                int left = seeds.size() - i - 1;
                double each = trained.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
                Console.info("pipeline: seed %d done in %s; %d of %d seeds done%s", seed,
                        Console.duration((System.nanoTime() - t0) / 1e9), i + 1, seeds.size(),
                        left > 0 && !Double.isNaN(each) ? ", about " + Console.duration(left * each) + " to go" : "");
            }
            folder.ensureLocked();
            String tables = SeedSummary.write(out, measured, RunConditions.here(sc.getConf(), TrainSettings.from(config)));
            return "\n" + tables + "\nsummary: " + out.resolve(SeedSummary.MARKDOWN).toAbsolutePath() + "\n";
        }
    }

    /** fuse-eval of a seed's run, unless its report is of these very models; whether it ran. */
    private static boolean evaluate(Config c, RunState state, Configuration hadoop, long seed) throws IOException {
        FuseEvalSettings eval = FuseEvalSettings.from(c);
        Path report = Path.of(eval.output()), record = report.resolveSibling(EVALUATED);
        Map<String, String> models = new LinkedHashMap<>();
        RunStore store = new RunStore(eval.run(), hadoop);
        for (String stage : state.completed()) models.put(stage, store.read(RunLayout.finalModel(stage), Sha256::hex));
        if (Files.isRegularFile(report.resolve("summary.json")) && models.equals(recorded(record))) {
            Console.info("pipeline: seed %d: %s is the report of these models, fuse-eval skipped", seed, report);
            return false;
        }
        Console.info("pipeline: seed %d: fuse-eval -> %s", seed, report);
        FuseEvalCommand.runAndReport(eval, FileOptions.from(c), hadoop);
        LocalFiles.write(record, o -> JSON.writeValue(o, models));
        return true;
    }

    /** The models a seed's report was made of, or null where none is recorded (or the record is unreadable). */
    private static Map<?, ?> recorded(Path record) {
        try {
            return Files.isRegularFile(record) ? JSON.readValue(record.toFile(), Map.class) : null;
        } catch (IOException e) {
            Console.info("pipeline: %s is unreadable (%s): the seed is evaluated again", record, e.getMessage());
            return null;
        }
    }
}
