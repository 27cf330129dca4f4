package org.rrlfn.jobs.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.rrlfn.common.StopPoint;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.files.LocalFiles;
import org.rrlfn.common.log.Console;
import org.rrlfn.common.spark.SparkContexts;
import org.rrlfn.common.spark.TaskSlots;
import org.rrlfn.jobs.memory.MemoryCheck;
import org.rrlfn.jobs.train.TrainJob;
import org.rrlfn.jobs.train.TrainMemory;
import org.rrlfn.jobs.train.config.Averaging;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.config.TrainSettings;
import org.rrlfn.jobs.train.run.RunConfig;
import org.rrlfn.jobs.train.run.RunState;

/**
 * Trains and validates every trial of a sweep on one Spark context: one after another, or several at once
 * as concurrent Spark jobs, each in its own FAIR pool. A finished trial leaves result.json, with the training
 * configuration that produced it, and is not rerun. A re-run whose space or settings would train a finished trial
 * otherwise, or that has fewer trials, stops before training, naming each stale trial, unless redo-stale is set:
 * then the stale trial folders are removed and their trials trained again.
 */
public final class SweepJob {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SweepJob() { }

    /** What a sweep found: its trials best first ({@link Trial#RANKING}) and, under ASHA, its rungs' steps (else none). */
    public record Outcome(List<Trial> ranked, List<Long> rungSteps) { }

    /** @param base the sweep's own configuration, which every trial starts from; the settings are {@link #check}ed */
    public static Outcome run(JavaSparkContext sc, SweepSettings s, Config base) throws IOException {
        List<Map<String, ConfigValue>> points = points(s);
        List<TrainSettings> settings = trialSettings(s, base);
        dropStale(s, settings);
        if (s.scheduler().asha()) return asha(sc, s, base, points, settings);
        Console.info("sweep: %d trials (%s over %s), %d at a time", points.size(), s.mode(), s.space().keys(), s.concurrent());
        ExecutorService pool = Executors.newFixedThreadPool(s.concurrent());
        try {
            List<Future<Trial>> futures = new ArrayList<>();
            for (int i = 0; i < points.size(); i++) {
                final int k = i;
                futures.add(pool.submit(() -> trial(sc, s, k, points.get(k), settings.get(k))));
            }
            List<Trial> done = new ArrayList<>();
            for (Future<Trial> f : futures) done.add(f.get());
            done.sort(Trial.RANKING);
            return new Outcome(done, List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Before anything is made (the output folder included): a sweep ranks its trials by validation PSNR, so every
     * trial must be validated. Under ASHA every trial must also train the same steps (the rungs are shared; the last is
     * a trial's whole schedule, and the first must come before it), and the reduction factor must let a trial past the
     * first rung: it promotes the best ⌊n / η⌋ of the n trials that reach a rung.
     */
    public static void check(SweepSettings s, Config base) {
        List<TrainSettings> settings = trialSettings(s, base);
        for (int k = 0; k < settings.size(); k++)
            if (settings.get(k).validationImages() == 0)
                throw new UserError(SweepSettings.PATH + " ranks trials by validation PSNR: " + TrainSettings.PATH
                        + ".validation-images must be positive (trial " + k + ")");
        if (!s.scheduler().asha()) return;
        long total = steps(settings.get(0));
        for (int k = 0; k < settings.size(); k++)
            if (steps(settings.get(k)) != total)
                throw new UserError(SweepSettings.PATH + ".scheduler = asha: trial " + k + " trains " + steps(settings.get(k))
                        + " steps, trial 0 " + total + ": the rungs need every trial to train the same stages' iterations");
        SweepSettings.Scheduler a = s.scheduler();
        if (a.minSteps() >= total)
            throw new UserError(SweepSettings.PATH + ".asha.min-steps = " + a.minSteps() + " must be below a trial's "
                    + total + " steps (the iterations of " + SweepSettings.PATH + ".stages)");
        int n = settings.size();
        if (n / a.reductionFactor() == 0)
            throw new UserError(SweepSettings.PATH + ".asha.reduction-factor = " + a.reductionFactor() + " promotes the"
                    + " best ⌊n / reduction-factor⌋ of the n trials at a rung: ⌊" + n + " / " + a.reductionFactor()
                    + "⌋ = 0, so no trial would pass rung 0 (" + a.minSteps() + " steps) or reach the last (" + total
                    + " steps); set it to at most " + n + " or sweep more trials");
    }

    /** The ASHA sweep of {@link #check}ed settings: shared rungs up to a trial's whole schedule. */
    private static Outcome asha(JavaSparkContext sc, SweepSettings s, Config base, List<Map<String, ConfigValue>> points,
                                List<TrainSettings> settings) throws IOException {
        long total = steps(settings.get(0));
        SweepSettings.Scheduler a = s.scheduler();
        Path dir = Files.createDirectories(Path.of(s.output()));
        List<Trial> ranked = AshaSweep.run(dir, a.minSteps(), a.reductionFactor(), total, points, s.concurrent(),
                new TrainTrials(sc, s, base, points));
        return new Outcome(ranked, Asha.rungs(a.minSteps(), a.reductionFactor(), total));
    }

    /** A trial's length: its stages' iterations. */
    static long steps(TrainSettings t) {
        return t.stages().stream().mapToLong(Stage::iterations).sum();
    }

    private static List<Map<String, ConfigValue>> points(SweepSettings s) {
        return s.mode().equals("grid") ? s.space().grid() : s.space().random(s.trials(), s.seed());
    }

    /** Every trial's training settings, in trial order: all validated before the first one trains. */
    static List<TrainSettings> trialSettings(SweepSettings s, Config base) {
        List<Map<String, ConfigValue>> points = points(s);
        List<TrainSettings> settings = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) settings.add(trainSettings(s, base, points.get(i), i, 0));
        return settings;
    }

    /**
     * Before Spark starts: concurrent trials share the executors, so the largest stage of any trial must fit
     * {@code concurrent} trials' workers at once.
     */
    /**
     * Refuses, before Spark starts, concurrent barrier trials that the master's task slots cannot hold at once: a
     * barrier stage starts all its ranks together, so trials beyond the slots would wait for a whole stage.
     */
    public static void checkSlots(SweepSettings s, Config base) {
        List<TrainSettings> trials = trialSettings(s, base);
        int workers = trials.stream().filter(t -> t.averaging() == Averaging.BARRIER)
                .mapToInt(TrainSettings::workers).max().orElse(0);
        int concurrent = Math.min(s.concurrent(), trials.size());
        SparkConf conf = SparkContexts.conf(base, null);
        OptionalInt slots = TaskSlots.declared(conf);
        if (workers == 0 || slots.isEmpty() || concurrent * workers <= slots.getAsInt()) return;
        throw new UserError(String.format(Locale.ROOT, "%s.concurrent = %d trials x %s.workers = %d ranks need %d task"
                + " slots at once (averaging = barrier holds a trial's ranks for a whole stage), but %s has %d: set %s"
                + ".concurrent <= %d, fewer workers, or a master with more slots", SweepSettings.PATH, concurrent,
                TrainSettings.PATH, workers, concurrent * workers, conf.get("spark.master"), slots.getAsInt(),
                SweepSettings.PATH, Math.max(1, slots.getAsInt() / workers)));
    }

    static void checkMemory(SweepSettings s, Config base) {
        List<TrainSettings> trials = trialSettings(s, base);
        List<MemoryCheck.Need> needs = new ArrayList<>();
        for (int k = 0; k < trials.size(); k++) needs.addAll(TrainMemory.needs(trials.get(k), "trial " + k + " "));
        int workers = trials.stream().mapToInt(TrainSettings::workers).max().orElse(1);
        int concurrent = Math.min(s.concurrent(), trials.size());
        MemoryCheck.enforce(base, needs, concurrent * workers, budget -> (concurrent > 1
                ? "fewer concurrent trials (" + SweepSettings.PATH + ".concurrent), " : "")
                + "a smaller " + TrainSettings.PATH + ".hr-patch or batch-size, larger executors");
    }

    /**
     * The sweep's configuration with the sweep's stages, the trial's run folder and its point, stopping after
     * {@code stopAfterSteps} steps (0: at the end of its stages).
     */
    static TrainSettings trainSettings(SweepSettings s, Config base, Map<String, ConfigValue> point, int k, long stopAfterSteps) {
        Map<String, Object> trial = new LinkedHashMap<>();
        trial.put(TrainSettings.PATH + ".stages", s.stages());
        trial.put(TrainSettings.PATH + ".stop-after-steps", stopAfterSteps);
        trial.put(TrainSettings.PATH + ".run", trialDir(s, k).resolve("run").toAbsolutePath().toString());
        trial.putAll(point);
        try {
            return TrainSettings.from(Settings.with(base, trial, "sweep trial " + k));
        } catch (UserError e) {
            throw new UserError("sweep trial " + k + " " + SweepSpace.asOverrides(point) + ": " + e.getMessage());
        }
    }

    /** Finished trials that the current space and settings would train otherwise, and trials beyond the space. */
    @SuppressWarnings("unchecked")
    private static void dropStale(SweepSettings s, List<TrainSettings> settings) {
        Map<Path, String> stale = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> dirs = Files.isDirectory(Path.of(s.output())) ? Files.list(Path.of(s.output()))
                : java.util.stream.Stream.empty()) {
            for (Path dir : dirs.toList()) {
                java.util.regex.Matcher m = TRIAL.matcher(dir.getFileName().toString());
                if (!m.matches()) continue;
                int k = Integer.parseInt(m.group(1));
                File result = dir.resolve("result.json").toFile();
                if (k >= settings.size()) stale.put(dir, "not in the space now (" + settings.size() + " trials)");
                else if (result.isFile()) {
                    Object recorded = JSON.readValue(result, Map.class).get("configuration");
                    List<String> d = differences(recorded instanceof Map<?, ?> r ? (Map<String, String>) r : Map.of(),
                            RunConfig.of(settings.get(k)));
                    if (!d.isEmpty()) stale.put(dir, String.join(", ", d.subList(0, Math.min(3, d.size())))
                            + (d.size() > 3 ? ", …" : ""));
                }
            }
        } catch (IOException e) {
            throw new UserError(SweepSettings.PATH + ".output " + s.output() + ": cannot read its trials (" + e.getMessage() + ")");
        }
        if (stale.isEmpty()) return;
        List<String> lines = stale.entrySet().stream().map(e -> e.getKey().getFileName() + ": " + e.getValue()).toList();
        if (!s.redoStale())
            throw new UserError(SweepSettings.PATH + ".output " + s.output() + " holds trials of another space or"
                    + " configuration:\n  " + String.join("\n  ", lines) + "\nrun the same sweep, choose another"
                    + " folder, or set " + SweepSettings.PATH + ".redo-stale = true to remove these trials and train"
                    + " the space's anew");
        for (Path dir : stale.keySet()) {
            Console.info("sweep: removing stale %s (redo-stale)", dir.getFileName());
            try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            } catch (IOException e) {
                throw new UserError("sweep: cannot remove stale " + dir + ": " + e.getMessage());
            }
        }
    }

    /** Each key whose value differs, as "key recorded (now value)"; a trial from before the record has none. */
    private static List<String> differences(Map<String, String> recorded, Map<String, String> now) {
        if (recorded.isEmpty()) return List.of("no record of its configuration");
        java.util.Set<String> keys = new java.util.TreeSet<>(recorded.keySet());
        keys.addAll(now.keySet());
        List<String> d = new ArrayList<>();
        for (String k : keys)
            if (!java.util.Objects.equals(recorded.get(k), now.get(k)))
                d.add(k + " " + recorded.getOrDefault(k, "unset") + " (now " + now.getOrDefault(k, "unset") + ")");
        return d;
    }

    private static final java.util.regex.Pattern TRIAL = java.util.regex.Pattern.compile("trial-(\\d+)");

    static Path trialDir(SweepSettings s, int k) {
        return Path.of(s.output(), String.format("trial-%03d", k));
    }

    @SuppressWarnings("unchecked")
    private static Trial trial(JavaSparkContext sc, SweepSettings s, int k, Map<String, ConfigValue> point, TrainSettings t)
            throws IOException {
        File result = trialDir(s, k).resolve("result.json").toFile();
        if (result.isFile()) {
            Map<String, Object> r = JSON.readValue(result, Map.class);
            Console.info("sweep trial %d: finished earlier (PSNR %.2f dB), skipped", k, (Double) r.get("psnr"));
            return new Trial(k, point, (Double) r.get("psnr"), (Double) r.get("bicubic_psnr"), (Double) r.get("seconds"));
        }
        startTrial(sc, s, k, point);
        long start = System.nanoTime();
        Console.info("sweep trial %d: %s", k, SweepSpace.asOverrides(point));
        RunState state = TrainJob.run(sc, t);
        RunState.Validation v = validation(k, state, t.stages().get(t.stages().size() - 1));
        double seconds = (System.nanoTime() - start) / 1e9;
        LocalFiles.write(result.toPath(), out -> JSON.writeValue(out, Map.of("psnr", v.psnrY, "bicubic_psnr",
                v.bicubicPsnrY, "seconds", seconds, "overrides", SweepSpace.asOverrides(point),
                "configuration", RunConfig.of(t))));
        Console.info("sweep trial %d: PSNR(Y) %.2f dB (bicubic %.2f) in %.0f s", k, v.psnrY, v.bicubicPsnrY, seconds);
        return new Trial(k, point, v.psnrY, v.bicubicPsnrY, seconds);
    }

    /**
     * The trial's folder with its overrides in trial.conf; this thread's Spark jobs go to the trial's FAIR pool, and a
     * stop by signal names the trial with the place its training sets.
     */
    static void startTrial(JavaSparkContext sc, SweepSettings s, int k, Map<String, ConfigValue> point) throws IOException {
        Path dir = Files.createDirectories(trialDir(s, k));
        StopPoint.context(dir.getFileName().toString());
        LocalFiles.writeString(dir.resolve("trial.conf"), String.join("\n", SweepSpace.asOverrides(point)) + "\n");
        sc.setLocalProperty("spark.scheduler.pool", "trial-" + k);
    }

    /** The trial's validation of {@code stage}, which ranks it. */
    static RunState.Validation validation(int k, RunState state, Stage stage) {
        RunState.Validation v = state.validation().get(stage.name());
        if (v == null) throw new UserError("sweep trial " + k + ": no validation PSNR (rrlfn.train.validation-images is 0)");
        return v;
    }
}
