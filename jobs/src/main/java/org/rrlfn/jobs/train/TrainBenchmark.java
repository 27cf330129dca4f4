package org.rrlfn.jobs.train;

import java.io.IOException;
import java.io.OutputStream;
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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.jobs.Console;
import org.rrlfn.data.spark.SparkContexts;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.config.ModelSettings;
import org.rrlfn.model.config.Settings;
import org.rrlfn.model.losses.LossConfig;

/**
 * {@code rrlfn benchmark-train}: training patches/s of parameter averaging with 1 and 2 workers on the
 * configured master, and the share of each averaging round spent outside the workers' fitting (broadcast,
 * scheduling, aggregation), from DL4J's own per-phase timings.
 */
public final class TrainBenchmark {
    public static final Map<String, String> OPTIONS = Map.of(
            "scale", ModelSettings.PATH + ".scale",
            "rounds", "rrlfn.benchmark.rounds",
            "hr-patch", "rrlfn.benchmark.hr-patch",
            "batch", "rrlfn.benchmark.batch",
            "master", Settings.ROOT + ".spark.master");

    private TrainBenchmark() { }

    public static void run(List<String> args) {
        var config = Settings.load(args, OPTIONS).config();
        RrlfnConfig arch = ModelSettings.from(config);
        var b = config.getConfig("rrlfn.benchmark");
        int rounds = b.getInt("rounds"), batch = b.getInt("batch"), patch = b.getInt("hr-patch");
        int averaging = config.getInt(TrainSettings.PATH + ".averaging-frequency");
        try (JavaSparkContext sc = SparkContexts.create(config)) {
            Path shards = randomShards(2 * averaging, batch, patch / arch.scale(), arch.scale());
            System.out.printf("%nx%d, HR patch %d, batch %d per worker, averaging every %d, %d timed rounds, master %s%n",
                    arch.scale(), patch, batch, averaging, rounds, sc.master());
            System.out.printf("%-8s %14s %14s %26s%n", "workers", "patches/s", "ms/round", "outside fitting (share)");
            for (int workers : new int[]{1, 2}) {
                double[] r = measure(sc, arch, workers, batch, averaging, rounds, shards);
                System.out.printf("%-8d %14.2f %14.0f %25.1f%%%n", workers, r[0], r[1], 100 * r[2]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {patches/s, ms per round, share of the round outside worker fitting}, after one warm-up round. */
    private static double[] measure(JavaSparkContext sc, RrlfnConfig arch, int workers, int batch, int averaging,
                                    int rounds, Path shards) throws IOException {
        Stage stage = new Stage("bench", arch.scale(), Stage.SCRATCH, true, averaging * (rounds + 1), 5e-4, 200000, false);
        ComputationGraph net = ModelInit.fresh(arch, stage, LossConfig.l1(), 1);
        AveragingRounds training = new AveragingRounds(sc, net, new ParameterAveragingTrainingMaster.Builder(workers, batch)
                .batchSizePerWorker(batch).averagingFrequency(averaging).workerPrefetchNumBatches(2)
                .collectTrainingStats(true), workers);
        List<String> paths = new ArrayList<>();
        try (var files = Files.list(shards)) {
            files.sorted().limit((long) workers * averaging).forEach(p -> paths.add(p.toUri().toString()));
        }
        training.fit(paths);   // warm-up: JIT, native kernels, graph building
        long t0 = System.nanoTime();
        for (int r = 0; r < rounds; r++) training.fit(paths);
        double wallMs = (System.nanoTime() - t0) / 1e6;
        SparkTrainingStats stats = training.spark().getSparkTrainingStats();
        double fitMs = fitMillisPerWorker(stats, workers);
        double perRound = wallMs / rounds;
        double fitPerRound = fitMs / (rounds + 1);   // the stats include the warm-up round
        Console.info("workers %d: %.0f ms/round wall, %.0f ms/round fitting per worker", workers, perRound, fitPerRound);
        return new double[]{(double) rounds * workers * averaging * batch / (wallMs / 1000), perRound,
                Math.max(0, 1 - fitPerRound / perRound)};
    }

    private static double fitMillisPerWorker(SparkTrainingStats stats, int workers) {
        List<EventStats> fits = stats.getValue(ParameterAveragingTrainingWorkerStats.PARAMETER_AVERAGING_WORKER_FIT_TIMES_MS);
        return fits.stream().mapToLong(EventStats::getDurationMs).sum() / (double) workers;
    }

    private static Path randomShards(int count, int batch, int lrSide, int scale) throws IOException {
        Path dir = Files.createTempDirectory("rrlfn-bench-shards");
        dir.toFile().deleteOnExit();
        Nd4j.getRandom().setSeed(1);
        for (int i = 0; i < count; i++) {
            DataSet d = new DataSet(Nd4j.rand(DataType.FLOAT, batch, 3, lrSide, lrSide),
                    Nd4j.rand(DataType.FLOAT, batch, 3, lrSide * scale, lrSide * scale));
            Path f = dir.resolve(String.format("shard-%03d.ds", i));
            try (OutputStream out = Files.newOutputStream(f)) { d.save(out); }
            f.toFile().deleteOnExit();
        }
        return dir;
    }
}
