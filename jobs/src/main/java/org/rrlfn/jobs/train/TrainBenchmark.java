package org.rrlfn.jobs.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.stats.ParameterAveragingTrainingWorkerStats;
import org.deeplearning4j.spark.stats.EventStats;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.data.prepare.HadoopConf;
import org.rrlfn.data.sampling.CropSampler;
import org.rrlfn.data.sampling.SampleSettings;
import org.rrlfn.data.sampling.SubImage;
import org.rrlfn.data.sampling.SubImageIndex;
import org.rrlfn.data.sampling.SubImageRef;
import org.rrlfn.data.sampling.TrainingSet;
import org.rrlfn.data.spark.SparkContexts;
import org.rrlfn.jobs.Console;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.config.ModelSettings;
import org.rrlfn.model.config.Settings;
import org.rrlfn.model.losses.LossConfig;

/**
 * {@code rrlfn benchmark-train}: training patches/s of parameter averaging with 1 and 2 workers on the
 * configured master, the share of each averaging round spent outside the workers' fitting (broadcast,
 * scheduling, aggregation), from DL4J's own per-phase timings, and what drawing a minibatch on the worker
 * ({@link SubImageLoader}: read sub-images, crop, augment) costs beside one training step, timed alone.
 */
public final class TrainBenchmark {
    public static final Map<String, String> OPTIONS = Map.of(
            "scale", ModelSettings.PATH + ".scale",
            "rounds", "rrlfn.benchmark.rounds",
            "hr-patch", "rrlfn.benchmark.hr-patch",
            "batch", "rrlfn.benchmark.batch",
            "sub-image", "rrlfn.benchmark.sub-image",
            "master", Settings.ROOT + ".spark.master");

    private TrainBenchmark() { }

    public static void run(List<String> args) {
        var config = Settings.load(args, OPTIONS).config();
        RrlfnConfig arch = ModelSettings.from(config);
        var b = config.getConfig("rrlfn.benchmark");
        int rounds = b.getInt("rounds"), batch = b.getInt("batch"), patch = b.getInt("hr-patch"), side = b.getInt("sub-image");
        int averaging = config.getInt(TrainSettings.PATH + ".averaging-frequency");
        try (JavaSparkContext sc = SparkContexts.create(config)) {
            Path data = randomSubImages(2 * averaging * batch, side, arch.scale());
            TrainingSet set = TrainingSet.open(data.toUri().toString(), arch.scale(), patch, 1, sc.hadoopConfiguration());
            SubImageLoader loader = new SubImageLoader(new CropSampler(new SampleSettings(patch, 1, 1, 1)),
                    new HadoopConf(sc.hadoopConfiguration()));
            System.out.printf("%nx%d, HR patch %d from %d-px sub-images, batch %d per worker, averaging every %d, %d timed"
                    + " rounds, master %s%n", arch.scale(), patch, side, batch, averaging, rounds, sc.master());
            System.out.printf("%-8s %14s %14s %26s %22s%n", "workers", "patches/s", "ms/round", "outside fitting (share)",
                    "sampling / step");
            double sampleMs = samplingMillis(loader, set, averaging, batch, rounds);
            for (int workers : new int[]{1, 2}) {
                double[] r = measure(sc, arch, workers, batch, averaging, rounds, set, loader);
                double stepMs = r[3] / averaging;
                System.out.printf("%-8d %14.2f %14.0f %25.1f%% %8.1f / %6.0f ms %4.1f%%%n", workers, r[0], r[1], 100 * r[2],
                        sampleMs, stepMs, 100 * sampleMs / stepMs);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Milliseconds to draw one minibatch with the loader, alone on the driver (the same code a worker runs), median
     * over the recipes of a few rounds after one warm-up round.
     */
    private static double samplingMillis(SubImageLoader loader, TrainingSet set, int averaging, int batch, int rounds)
            throws IOException {
        List<Double> ms = new ArrayList<>();
        for (int r = 0; r <= rounds; r++)
            for (String recipe : set.forRound(0, r, averaging, batch)) {
                long t0 = System.nanoTime();
                loader.load(new RecipeSource(recipe));
                if (r > 0) ms.add((System.nanoTime() - t0) / 1e6);
            }
        ms.sort(null);
        return ms.get(ms.size() / 2);
    }

    /** Only the path of a source: the loader reads what the recipe names itself. */
    private record RecipeSource(String getPath) implements org.nd4j.common.loader.Source {
        @Override public java.io.InputStream getInputStream() { throw new UnsupportedOperationException(getPath); }
    }

    /**
     * {patches/s, ms per round, share of the round outside worker fitting, fit ms per round per worker}, after one
     * warm-up round.
     */
    private static double[] measure(JavaSparkContext sc, RrlfnConfig arch, int workers, int batch, int averaging,
                                    int rounds, TrainingSet set, SubImageLoader loader) {
        Stage stage = new Stage("bench", arch.scale(), Stage.SCRATCH, true, averaging * (rounds + 1), 5e-4, 200000, false);
        ComputationGraph net = ModelInit.fresh(arch, stage, LossConfig.l1(), 1);
        AveragingRounds training = new AveragingRounds(sc, net, new ParameterAveragingTrainingMaster.Builder(workers, batch)
                .batchSizePerWorker(batch).averagingFrequency(averaging).workerPrefetchNumBatches(2)
                .collectTrainingStats(true), workers, loader);
        training.fit(set.forRound(0, 0, workers * averaging, batch));   // warm-up: JIT, native kernels, graph building
        long t0 = System.nanoTime();
        for (int r = 0; r < rounds; r++) training.fit(set.forRound(0, r + 1, workers * averaging, batch));
        double wallMs = (System.nanoTime() - t0) / 1e6;
        SparkTrainingStats stats = training.spark().getSparkTrainingStats();
        double fitMs = fitMillisPerWorker(stats, workers);
        double perRound = wallMs / rounds;
        double fitPerRound = fitMs / (rounds + 1);   // the stats include the warm-up round
        Console.info("workers %d: %.0f ms/round wall, %.0f ms/round fitting per worker", workers, perRound, fitPerRound);
        return new double[]{(double) rounds * workers * averaging * batch / (wallMs / 1000), perRound,
                Math.max(0, 1 - fitPerRound / perRound), fitPerRound};
    }

    private static double fitMillisPerWorker(SparkTrainingStats stats, int workers) {
        List<EventStats> fits = stats.getValue(ParameterAveragingTrainingWorkerStats.PARAMETER_AVERAGING_WORKER_FIT_TIMES_MS);
        return fits.stream().mapToLong(EventStats::getDurationMs).sum() / (double) workers;
    }

    /** Noise sub-images in the layout prepare writes, one shard. */
    private static Path randomSubImages(int count, int side, int scale) throws IOException {
        Path root = Files.createTempDirectory("rrlfn-bench-subimages");
        Path dir = Files.createDirectories(root.resolve("x" + scale + "/train"));
        java.util.Random rnd = new java.util.Random(1);
        List<SubImageRef> refs = new ArrayList<>();
        try (var out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(
                Files.newOutputStream(dir.resolve("part-00000.sub"))))) {
            for (int i = 0; i < count; i++) {
                refs.add(new SubImageRef("part-00000.sub", out.size(), side, side, "noise-" + i));
                SubImage.write(out, scale, noise(rnd, side), noise(rnd, side / scale));
            }
        }
        SubImageIndex.write(FileSystem.getLocal(new Configuration()), new org.apache.hadoop.fs.Path(dir.toUri()), refs);
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
