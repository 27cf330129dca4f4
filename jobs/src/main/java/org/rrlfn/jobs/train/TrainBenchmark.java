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
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
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
 * {@code rrlfn benchmark-train}: training patches/s of parameter averaging with each configured worker count on
 * the configured master, and each averaging round split into broadcast, fitting, data loading, aggregation and
 * driver time ({@link RoundPhases}, from DL4J's own per-phase timings): the measurements the scaling model
 * ({@code rrlfn scaling}) starts from.
 */
public final class TrainBenchmark {
    public static final Map<String, String> OPTIONS = Map.of(
            "scale", ModelSettings.PATH + ".scale",
            "rounds", "rrlfn.benchmark.rounds",
            "hr-patch", "rrlfn.benchmark.hr-patch",
            "batch", "rrlfn.benchmark.batch",
            "workers", "rrlfn.benchmark.train-workers",
            "master", Settings.ROOT + ".spark.master");

    private TrainBenchmark() { }

    public static void run(List<String> args) {
        var config = Settings.load(args, OPTIONS).config();
        RrlfnConfig arch = ModelSettings.from(config);
        var b = config.getConfig("rrlfn.benchmark");
        int rounds = b.getInt("rounds"), batch = b.getInt("batch"), patch = b.getInt("hr-patch");
        int averaging = config.getInt(TrainSettings.PATH + ".averaging-frequency");
        try (JavaSparkContext sc = SparkContexts.create(config)) {
            List<Integer> counts = b.getIntList("train-workers");
            int most = counts.stream().mapToInt(Integer::intValue).max().orElse(1);
            Path shards = randomShards(most * averaging, batch, patch / arch.scale(), arch.scale());
            System.out.printf("%nx%d, HR patch %d, batch %d per worker, averaging every %d, %d timed rounds, master %s%n",
                    arch.scale(), patch, batch, averaging, rounds, sc.master());
            System.out.printf("%-8s %10s %10s %28s%n", "workers", "patches/s", "ms/round", "outside fitting (share)");
            List<RoundPhases> phases = new ArrayList<>();
            for (int workers : counts) {
                RoundPhases r = measure(sc, arch, workers, batch, averaging, rounds, shards);
                phases.add(r);
                System.out.printf("%-8d %10.2f %10.0f %27.1f%%%n", workers,
                        (double) workers * averaging * batch / (r.wallMs() / 1000), r.wallMs(), 100 * r.overheadMs() / r.wallMs());
            }
            System.out.printf("%nper round (ms, they add up to the round; broadcast = driver create + a worker's fetch and network"
                    + " build; worker other = the rest of its task; aggregation = the Spark job beyond a worker's task; driver ="
                    + " the rest)%n");
            System.out.printf("%-8s %9s %10s %9s %9s %13s %12s %9s %13s%n", "workers", "round", "broadcast", "fit", "data",
                    "worker other", "aggregation", "driver", "step (fit/H)");
            for (int i = 0; i < phases.size(); i++) {
                RoundPhases r = phases.get(i);
                System.out.printf("%-8d %9.0f %10.0f %9.0f %9.0f %13.0f %12.0f %9.0f %13.0f%n", counts.get(i), r.wallMs(),
                        r.broadcastMs(), r.fitMs(), r.dataMs(), r.workerOtherMs(), r.aggregateMs(), r.driverMs(),
                        r.fitMs() / averaging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The timed rounds' mean phases, after one warm-up round. */
    private static RoundPhases measure(JavaSparkContext sc, RrlfnConfig arch, int workers, int batch, int averaging,
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
        double perRound = (System.nanoTime() - t0) / 1e6 / rounds;
        RoundPhases phases = RoundPhases.of(training.spark().getSparkTrainingStats(), workers, rounds, perRound);
        Console.info("workers %d: %.0f ms/round wall, %.0f ms/round fitting per worker", workers, perRound, phases.fitMs());
        return phases;
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
