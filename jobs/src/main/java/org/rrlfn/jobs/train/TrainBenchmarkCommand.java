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
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
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
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.losses.LossConfig;

/**
 * {@code rrlfn benchmark-train}: training patches/s of parameter averaging with each configured worker count on the
 * configured master; each averaging round split into broadcast, fitting, data loading, aggregation and driver time
 * ({@link RoundPhases}, from DL4J's own per-phase timings), the measurements the scaling model ({@code rrlfn
 * scaling}) starts from; and what drawing a minibatch on the worker ({@link SubImageLoader}: read sub-images, crop,
 * augment) costs beside one training step, timed alone.
 */
public final class TrainBenchmarkCommand {
    public static final Command COMMAND = new Command("benchmark-train",
            "training patches/s and per-round phases per worker count",
            Map.of("scale", ModelSettings.PATH + ".scale",
                    "rounds", "rrlfn.benchmark.rounds",
                    "hr-patch", "rrlfn.benchmark.hr-patch",
                    "batch", "rrlfn.benchmark.batch",
                    "sub-image", "rrlfn.benchmark.sub-image",
                    "workers", "rrlfn.benchmark.train-workers",
                    "master", Settings.ROOT + ".spark.master"),
            List.of("rrlfn.benchmark", ModelSettings.PATH, TrainSettings.PATH, Settings.ROOT + ".spark"), "",
            TrainBenchmarkCommand::run);

    private TrainBenchmarkCommand() { }

    static void run(Settings.Loaded loaded, PrintStream out) {
        var config = loaded.config();
        RrlfnConfig arch = ModelSettings.from(config);
        var b = config.getConfig("rrlfn.benchmark");
        int rounds = b.getInt("rounds"), batch = b.getInt("batch"), patch = b.getInt("hr-patch"), side = b.getInt("sub-image");
        int averaging = config.getInt(TrainSettings.PATH + ".averaging-frequency");
        List<Integer> counts = b.getIntList("train-workers");
        int most = counts.stream().mapToInt(Integer::intValue).max().orElse(1);
        try (JavaSparkContext sc = SparkContexts.create(config)) {
            Path data = randomSubImages(most * averaging * batch, side, arch.scale());
            TrainingSet set = TrainingSet.open(data.toUri().toString(), arch.scale(), patch, 1, sc.hadoopConfiguration());
            SubImageLoader loader = new SubImageLoader(new CropSampler(new SampleSettings(patch, 1, 1, 1)),
                    new HadoopConf(sc.hadoopConfiguration()));
            out.printf("%nx%d, HR patch %d from %d-px sub-images, batch %d per worker, averaging every %d, %d timed"
                    + " rounds, master %s%n", arch.scale(), patch, side, batch, averaging, rounds, sc.master());
            out.printf("%-8s %14s %14s %26s %22s%n", "workers", "patches/s", "ms/round", "outside fitting (share)",
                    "sampling / step");
            double sampleMs = samplingMillis(loader, set, averaging, batch, rounds);
            List<RoundPhases> phases = new ArrayList<>();
            for (int workers : counts) {
                RoundPhases r = measure(sc, arch, workers, batch, averaging, rounds, set, loader);
                phases.add(r);
                double stepMs = r.fitMs() / averaging;
                out.printf("%-8d %14.2f %14.0f %25.1f%% %8.1f / %6.0f ms %4.1f%%%n", workers,
                        (double) workers * averaging * batch / (r.wallMs() / 1000), r.wallMs(), 100 * r.overheadMs() / r.wallMs(),
                        sampleMs, stepMs, 100 * sampleMs / stepMs);
            }
            out.printf("%nper round (ms, they add up to the round; broadcast = driver create + a worker's fetch and network"
                    + " build; worker other = the rest of its task; aggregation = the Spark job beyond a worker's task; driver ="
                    + " the rest)%n");
            out.printf("%-8s %9s %10s %9s %9s %13s %12s %9s %13s%n", "workers", "round", "broadcast", "fit", "data",
                    "worker other", "aggregation", "driver", "step (fit/H)");
            for (int i = 0; i < phases.size(); i++) {
                RoundPhases r = phases.get(i);
                out.printf("%-8d %9.0f %10.0f %9.0f %9.0f %13.0f %12.0f %9.0f %13.0f%n", counts.get(i), r.wallMs(),
                        r.broadcastMs(), r.fitMs(), r.dataMs(), r.workerOtherMs(), r.aggregateMs(), r.driverMs(),
                        r.fitMs() / averaging);
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

    /** The timed rounds' mean phases, after one warm-up round. */
    private static RoundPhases measure(JavaSparkContext sc, RrlfnConfig arch, int workers, int batch, int averaging,
                                       int rounds, TrainingSet set, SubImageLoader loader) {
        Stage stage = new Stage("bench", arch.scale(), Stage.SCRATCH, true, averaging * (rounds + 1), 5e-4, 200000, false);
        ComputationGraph net = ModelInit.fresh(arch, stage, LossConfig.l1(), 1);
        AveragingRounds training = new AveragingRounds(sc, net, new ParameterAveragingTrainingMaster.Builder(workers, batch)
                .batchSizePerWorker(batch).averagingFrequency(averaging).workerPrefetchNumBatches(2)
                .collectTrainingStats(true), workers, loader);
        training.fit(set.forRound(0, 0, workers * averaging, batch));   // warm-up: JIT, native kernels, graph building
        long t0 = System.nanoTime();
        for (int r = 0; r < rounds; r++) training.fit(set.forRound(0, r + 1, workers * averaging, batch));
        double perRound = (System.nanoTime() - t0) / 1e6 / rounds;
        RoundPhases phases = RoundPhases.of(training.spark().getSparkTrainingStats(), workers, rounds, perRound);
        Console.info("workers %d: %.0f ms/round wall, %.0f ms/round fitting per worker", workers, perRound, phases.fitMs());
        return phases;
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
