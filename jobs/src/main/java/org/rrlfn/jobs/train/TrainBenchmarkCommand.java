package org.rrlfn.jobs.train;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Command;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.log.Console;
import org.rrlfn.common.spark.HadoopConf;
import org.rrlfn.common.spark.SparkContexts;
import org.rrlfn.data.PreparedLayout;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.data.sampling.CropSampler;
import org.rrlfn.data.sampling.SampleSettings;
import org.rrlfn.data.sampling.SubImage;
import org.rrlfn.data.sampling.SubImageIndex;
import org.rrlfn.data.sampling.SubImageRef;
import org.rrlfn.data.sampling.TrainingSet;
import org.rrlfn.jobs.model.ModelSettings;
import org.rrlfn.jobs.train.averaging.AveragingRounds;
import org.rrlfn.jobs.train.averaging.RankTrainer;
import org.rrlfn.jobs.train.averaging.RoundPhases;
import org.rrlfn.jobs.train.averaging.SubImageLoader;
import org.rrlfn.jobs.train.config.Averaging;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.config.TrainSettings;
import org.rrlfn.jobs.train.model.ModelInit;
import org.rrlfn.model.arch.RrlfnConfig;

/**
 * {@code rrlfn benchmark-train}: what an averaging round costs beyond the steps, per worker count and averaging path,
 * on the configured master. Every path runs exactly what {@code train} runs ({@link StageTrainer#averaging}: the
 * configured settings, only the worker count, batch and crop set by the benchmark); the paths take turns round by
 * round over the same recipes, so they share the machine's conditions. Per round: overhead = round wall − the
 * slowest worker's fitting (each worker times its own steps); medians over the timed rounds. Also what drawing a
 * minibatch on the worker ({@link SubImageLoader}: read sub-images, crop, augment) costs beside one step.
 */
public final class TrainBenchmarkCommand {
    public static final Command COMMAND = new Command("benchmark-train",
            "per-round overhead and patches/s of each averaging path per worker count",
            Map.of("scale", ModelSettings.PATH + ".scale",
                    "rounds", "rrlfn.benchmark.rounds",
                    "hr-patch", "rrlfn.benchmark.hr-patch",
                    "batch", "rrlfn.benchmark.batch",
                    "sub-image", "rrlfn.benchmark.sub-image",
                    "workers", "rrlfn.benchmark.train-workers",
                    "averaging", "rrlfn.benchmark.train-averaging",
                    "engine", TrainSettings.PATH + ".engine",
                    "master", Settings.ROOT + ".spark.master"),
            List.of("rrlfn.benchmark", ModelSettings.PATH, TrainSettings.PATH, Settings.ROOT + ".spark"), "",
            TrainBenchmarkCommand::run);

    private TrainBenchmarkCommand() { }

    /** Medians over the timed rounds of one path at one worker count (ms). */
    record PathRounds(int workers, Averaging path, double wallMs, double slowestFitMs, double overheadMs,
                      int networksBuilt, RoundPhases phases) {
        double patchesPerSecond(int averaging, int batch) { return workers * averaging * batch / (wallMs / 1000); }
    }

    static void run(Settings.Loaded loaded, PrintStream out) {
        var config = loaded.config();
        RrlfnConfig arch = ModelSettings.from(config);
        var b = config.getConfig("rrlfn.benchmark");
        int rounds = b.getInt("rounds"), batch = b.getInt("batch"), patch = b.getInt("hr-patch"), side = b.getInt("sub-image");
        int averaging = config.getInt(TrainSettings.PATH + ".averaging-frequency");
        List<Integer> counts = b.getIntList("train-workers");
        List<Averaging> paths = paths(b.getStringList("train-averaging"));
        int most = counts.stream().mapToInt(Integer::intValue).max().orElse(1);
        try (JavaSparkContext sc = SparkContexts.create(config)) {
            Path data = randomSubImages(most * averaging * batch, side, arch.scale());
            TrainingSet set = TrainingSet.open(data.toUri().toString(), arch.scale(), patch, 1, sc.hadoopConfiguration());
            out.printf("%nx%d, HR patch %d from %d-px sub-images, batch %d per worker, averaging every %d, %d timed"
                    + " rounds per path after a warm-up (paths alternating round by round), master %s, engine %s%n",
                    arch.scale(), patch, side, batch, averaging, rounds, sc.master(),
                    config.getString(TrainSettings.PATH + ".engine"));
            out.printf("%-8s %-9s %10s %10s %12s %12s %9s %8s%n", "workers", "path", "patches/s", "round ms",
                    "slowest fit", "overhead ms", "outside", "builds");
            List<PathRounds> all = new ArrayList<>();
            for (int workers : counts) {
                // One from-scratch stage at the benchmark's scale, long enough for the warm-up and timed rounds.
                Map<String, Object> stage = Map.of("name", "bench", "scale", arch.scale(), "init", "scratch",
                        "iterations", averaging * (rounds + 1));
                List<TrainSettings> perPath = new ArrayList<>();
                for (Averaging p : paths)
                    perPath.add(TrainSettings.from(Settings.with(config, Map.of("train.workers", workers,
                            "train.batch-size", workers * batch, "train.hr-patch", patch,
                            "train.averaging", p.key, "train.stages", List.of(stage)), "benchmark-train")));
                for (PathRounds r : measure(sc, perPath, rounds, set)) {
                    all.add(r);
                    out.printf("%-8d %-9s %10.2f %10.0f %12.0f %12.0f %8.1f%% %8s%n", workers, r.path().key,
                            r.patchesPerSecond(averaging, batch), r.wallMs(), r.slowestFitMs(), r.overheadMs(),
                            100 * r.overheadMs() / r.wallMs(), r.networksBuilt() < 0 ? "every" : r.networksBuilt());
                }
            }
            out.printf("%nround phases (ms, medians; barrier). broadcast = sending each rank its recipes; state = a rank's"
                    + " all-reduce among the ranks (its wait for the slowest rank included); worker other = the rest of"
                    + " the slowest rank's round beyond its steps (drawing not hidden by read-ahead); job = waiting for"
                    + " the reports beyond the slowest rank's round; apply = the driver's work on the reports (the"
                    + " driver pulls the state only when it needs it)%n");
            out.printf("%-8s %-9s %10s %8s %13s %8s %8s%n", "workers", "path", "broadcast", "state", "worker other",
                    "job", "apply");
            for (PathRounds r : all)
                if (r.phases() != null) {
                    RoundPhases p = r.phases();
                    out.printf("%-8d %-9s %10.1f %8.1f %13.1f %8.1f %8.1f%n", r.workers(), r.path().key,
                            p.broadcastMs(), p.stateMs(), p.slowestTaskMs() - r.slowestFitMs() - p.stateMs(),
                            p.jobMs() - p.slowestTaskMs(), p.applyMs());
                }
            HadoopConf hadoop = new HadoopConf(sc.hadoopConfiguration());
            SubImageLoader loader = new SubImageLoader(new CropSampler(new SampleSettings(patch, 1, 1, 1)), hadoop);
            double sampleMs = samplingMillis(loader, hadoop, set, averaging, batch, Math.min(rounds, 3));
            double stepMs = all.get(0).slowestFitMs() / averaging;
            out.printf("%ndrawing one minibatch on the driver: %.1f ms, %.1f%% of a step (%.0f ms)%n", sampleMs,
                    100 * sampleMs / stepMs, stepMs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Averaging> paths(List<String> keys) {
        if (keys.isEmpty()) throw new UserError("rrlfn.benchmark.train-averaging is empty: name barrier and/or dl4j");
        List<Averaging> out = new ArrayList<>();
        for (String k : keys) {
            try {
                out.add(Averaging.of(k));
            } catch (IllegalArgumentException e) {
                throw new UserError("rrlfn.benchmark.train-averaging " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * Milliseconds to draw one minibatch with the loader, alone on the driver (the same code a worker runs), median
     * over the recipes of a few rounds after one warm-up round.
     */
    private static double samplingMillis(SubImageLoader loader, HadoopConf hadoop, TrainingSet set, int averaging,
                                         int batch, int rounds) throws IOException {
        List<Double> ms = new ArrayList<>();
        for (int r = 0; r <= rounds; r++)
            for (String recipe : set.forRound(0, r, averaging, batch)) {
                long t0 = System.nanoTime();
                loader.load(new RankTrainer.HadoopSource(recipe, hadoop));
                if (r > 0) ms.add((System.nanoTime() - t0) / 1e6);
            }
        ms.sort(null);
        return ms.get(ms.size() / 2);
    }

    /**
     * One warm-up round per path (JIT, native kernels, the first network builds), then {@code rounds} timed rounds in
     * which the paths take turns, each training its own network from the same seed on the same recipes. The barrier
     * path holds its task slots for all its rounds, so no other path's round could run beside it: it is timed in a
     * block of its own, after the others.
     */
    private static List<PathRounds> measure(JavaSparkContext sc, List<TrainSettings> paths, int rounds, TrainingSet set) {
        List<TrainSettings> alternating = paths.stream().filter(p -> p.averaging() != Averaging.BARRIER).toList();
        List<PathRounds> out = new ArrayList<>();
        if (!alternating.isEmpty()) out.addAll(timeTogether(sc, alternating, rounds, set));
        for (TrainSettings p : paths)
            if (p.averaging() == Averaging.BARRIER) out.addAll(timeTogether(sc, List.of(p), rounds, set));
        return out;
    }

    private static List<PathRounds> timeTogether(JavaSparkContext sc, List<TrainSettings> paths, int rounds,
                                                 TrainingSet set) {
        TrainSettings s = paths.get(0);
        int perRound = s.workers() * s.averagingFrequency();
        Stage stage = s.stages().get(0);
        List<AveragingRounds> open = new ArrayList<>();
        List<List<double[]>> timed = new ArrayList<>();
        List<List<RoundPhases>> phases = new ArrayList<>();
        try {
            for (TrainSettings p : paths) {
                ComputationGraph net = ModelInit.fresh(s.architecture(), stage, 1);
                p.useEngine(net);
                open.add(StageTrainer.averaging(sc, net, p));
                timed.add(new ArrayList<>());
                phases.add(new ArrayList<>());
            }
            for (int r = 0; r <= rounds; r++) {
                List<String> recipes = set.forRound(0, r, perRound, s.batchSizePerWorker());
                for (int i = 0; i < open.size(); i++) {
                    long t0 = System.nanoTime();
                    AveragingRounds.Round round = open.get(i).fit(recipes);
                    double wall = (System.nanoTime() - t0) / 1e6;
                    if (r == 0) continue;
                    timed.get(i).add(new double[]{wall, round.slowestFitMs(), wall - round.slowestFitMs()});
                    RoundPhases ph = open.get(i).lastPhases();
                    if (ph != null) phases.get(i).add(ph);
                }
            }
            List<PathRounds> out = new ArrayList<>();
            for (int i = 0; i < open.size(); i++) {
                List<double[]> t = timed.get(i);
                List<RoundPhases> ph = phases.get(i);
                RoundPhases mid = ph.isEmpty() ? null : new RoundPhases(
                        median(ph, RoundPhases::broadcastMs), median(ph, RoundPhases::jobMs),
                        median(ph, RoundPhases::applyMs), median(ph, RoundPhases::slowestTaskMs),
                        median(ph, RoundPhases::stateMs),
                        ph.stream().mapToInt(RoundPhases::networksBuilt).sum());
                out.add(new PathRounds(s.workers(), paths.get(i).averaging(), median(t, x -> x[0]), median(t, x -> x[1]),
                        median(t, x -> x[2]), mid == null ? -1 : mid.networksBuilt(), mid));
                Console.info("benchmark-train: %d worker(s), %s: median round %.0f ms, overhead %.0f ms", s.workers(),
                        paths.get(i).averaging().key, out.get(i).wallMs(), out.get(i).overheadMs());
            }
            return out;
        } finally {
            open.forEach(AveragingRounds::close);
        }
    }

    static <T> double median(List<T> xs, java.util.function.ToDoubleFunction<T> f) {
        double[] v = xs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Noise sub-images in the layout prepare writes, one shard. */
    private static Path randomSubImages(int count, int side, int scale) throws IOException {
        Path root = Files.createTempDirectory("rrlfn-bench-subimages");
        PreparedLayout layout = new PreparedLayout(new org.apache.hadoop.fs.Path(root.toUri()));
        String shard = PreparedLayout.shardName(0);
        FileSystem fs = FileSystem.getLocal(new Configuration()).getRaw();   // no .crc files beside them
        java.util.Random rnd = new java.util.Random(1);
        List<SubImageRef> refs = new ArrayList<>();
        try (var out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(
                fs.create(layout.shard(scale, shard))))) {
            for (int i = 0; i < count; i++) {
                refs.add(new SubImageRef(shard, out.size(), side, side, "noise-" + i));
                SubImage.write(out, scale, noise(rnd, side), noise(rnd, side / scale));
            }
        }
        SubImageIndex.write(fs, layout, scale, refs);
        try (var files = Files.walk(root)) {
            files.forEach(p -> p.toFile().deleteOnExit());
        }
        return root;
    }

    private static Rgb8 noise(java.util.Random rnd, int side) {
        Rgb8 img = Rgb8.blank(side, side);
        for (int c = 0; c < 3; c++) for (int y = 0; y < side; y++) for (int x = 0; x < side; x++) img.set(c, y, x, rnd.nextInt(256));
        return img;
    }
}
