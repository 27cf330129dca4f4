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
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.api.java.JavaSparkContext;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.files.LocalFiles;
import org.rrlfn.common.log.Console;
import org.rrlfn.jobs.memory.MemoryCheck;
import org.rrlfn.jobs.train.RunState;
import org.rrlfn.jobs.train.TrainJob;
import org.rrlfn.jobs.train.TrainMemory;
import org.rrlfn.jobs.train.TrainSettings;

/**
 * Trains and validates every trial of a sweep on one Spark context: one after another, or several at once
 * as concurrent Spark jobs, each in its own FAIR pool. A finished trial leaves result.json and is not rerun.
 */
public final class SweepJob {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SweepJob() { }

    /** @param base the sweep's own configuration, which every trial starts from */
    public static List<Trial> run(JavaSparkContext sc, SweepSettings s, Config base) {
        List<Map<String, ConfigValue>> points = points(s);
        List<TrainSettings> settings = trialSettings(s, base);
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
            done.sort(Comparator.comparingDouble(Trial::psnr).reversed());
            return done;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Map<String, ConfigValue>> points(SweepSettings s) {
        return s.mode().equals("grid") ? s.space().grid() : s.space().random(s.trials(), s.seed());
    }

    /** Every trial's training settings, in trial order: all validated before the first one trains. */
    static List<TrainSettings> trialSettings(SweepSettings s, Config base) {
        List<Map<String, ConfigValue>> points = points(s);
        List<TrainSettings> settings = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) settings.add(trainSettings(s, base, points.get(i), i));
        return settings;
    }

    /**
     * Before Spark starts: concurrent trials share the executors, so the largest stage of any trial must fit
     * {@code concurrent} trials' workers at once.
     */
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

    /** The sweep's configuration with the sweep's stages, the trial's run folder and its point. */
    static TrainSettings trainSettings(SweepSettings s, Config base, Map<String, ConfigValue> point, int k) {
        Map<String, Object> trial = new LinkedHashMap<>();
        trial.put(TrainSettings.PATH + ".stages", s.stages());
        trial.put(TrainSettings.PATH + ".run", trialDir(s, k).resolve("run").toAbsolutePath().toString());
        trial.putAll(point);
        try {
            return TrainSettings.from(Settings.with(base, trial, "sweep trial " + k));
        } catch (UserError e) {
            throw new UserError("sweep trial " + k + " " + SweepSpace.asOverrides(point) + ": " + e.getMessage());
        }
    }

    static Path trialDir(SweepSettings s, int k) {
        return Path.of(s.output(), String.format("trial-%03d", k));
    }

    @SuppressWarnings("unchecked")
    private static Trial trial(JavaSparkContext sc, SweepSettings s, int k, Map<String, ConfigValue> point, TrainSettings t)
            throws IOException {
        Path dir = Files.createDirectories(trialDir(s, k));
        File result = dir.resolve("result.json").toFile();
        if (result.isFile()) {
            Map<String, Object> r = JSON.readValue(result, Map.class);
            Console.info("sweep trial %d: finished earlier (PSNR %.2f dB), skipped", k, (Double) r.get("psnr"));
            return new Trial(k, point, (Double) r.get("psnr"), (Double) r.get("bicubic_psnr"), (Double) r.get("seconds"));
        }
        Files.writeString(dir.resolve("trial.conf"), String.join("\n", SweepSpace.asOverrides(point)) + "\n", StandardCharsets.UTF_8);
        sc.setLocalProperty("spark.scheduler.pool", "trial-" + k);
        long start = System.nanoTime();
        Console.info("sweep trial %d: %s", k, SweepSpace.asOverrides(point));
        RunState state = TrainJob.run(sc, t);
        String last = t.stages().get(t.stages().size() - 1).name();
        RunState.Validation v = state.validation.get(last);
        if (v == null) throw new UserError("sweep trial " + k + ": no validation PSNR (rrlfn.train.validation-images is 0)");
        double seconds = (System.nanoTime() - start) / 1e9;
        LocalFiles.write(result.toPath(), out -> JSON.writeValue(out, Map.of("psnr", v.psnrY, "bicubic_psnr",
                v.bicubicPsnrY, "seconds", seconds, "overrides", SweepSpace.asOverrides(point))));
        Console.info("sweep trial %d: PSNR(Y) %.2f dB (bicubic %.2f) in %.0f s", k, v.psnrY, v.bicubicPsnrY, seconds);
        return new Trial(k, point, v.psnrY, v.bicubicPsnrY, seconds);
    }

}
