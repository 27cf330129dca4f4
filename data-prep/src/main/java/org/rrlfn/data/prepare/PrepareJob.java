package org.rrlfn.data.prepare;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.rrlfn.model.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code prepare} Spark job: lists the HR images, checks their headers on the executors, plans work units (whole
 * images, bands of huge ones, held-out validation images), cuts and writes patch shards per partition under a
 * temporary folder, then commits by renaming the scale folders into place and writing {@code manifest.json} last.
 * A failed run leaves no manifest, and an old manifest is removed before anything is replaced.
 */
public final class PrepareJob {
    private static final Logger LOG = LoggerFactory.getLogger(PrepareJob.class);

    private PrepareJob() { }

    public static PrepareResult run(JavaSparkContext sc, PrepareSettings s) {
        long start = System.nanoTime();
        Configuration hadoop = sc.hadoopConfiguration();
        HadoopConf conf = new HadoopConf(hadoop);
        Path out = new Path(s.output());
        try {
            FileSystem fs = out.getFileSystem(hadoop);
            claimOutput(fs, out, s);
            List<InputListing.InputFile> files = InputListing.list(s.input(), hadoop);
            LOG.info("prepare: {} input files under {}", files.size(), s.input());

            List<ImageProbe.Outcome> probes = sc.parallelize(files, slices(sc, s, files.size()))
                    .map(f -> ImageProbe.probe(f, s, conf)).collect();
            List<Rejection> rejected = new ArrayList<>();
            List<Planner.Usable> usable = new ArrayList<>();
            for (ImageProbe.Outcome o : probes) {
                if (o.rejected() != null) rejected.add(new Rejection(o.path(), o.rejected()));
                else usable.add(new Planner.Usable(o.path(), o.width(), o.height()));
            }
            if (usable.size() <= s.validationImages())
                throw new PrepareFailed(nothingUsable(files.size(), usable.size(), s, rejected));

            List<WorkUnit> units = Planner.plan(s, usable);
            Path temp = new Path(out, ".prepare-" + UUID.randomUUID());
            try {
                List<PartitionResult> parts = process(sc, s, conf, units, temp, usable.size());
                PrepareResult result = summarise(s, files.size(), usable.size(), parts, rejected, start);
                if (result.totalPatches() == 0)
                    throw new PrepareFailed("no patch was cut from the " + result.trainingImages()
                            + " training images (all flat, or rejected while decoding): " + rejected(result.rejected()));
                commit(fs, temp, out, s, result);
                LOG.info("prepare: done in {} s: patches {}, shards {}, {} rejected inputs; manifest {}",
                        String.format("%.1f", result.seconds()), result.patches(), result.shards(),
                        result.rejected().size(), new Path(out, Manifest.NAME));
                return result;
            } finally {
                fs.delete(temp, true);
            }
        } catch (IOException e) {
            throw new PrepareFailed("prepare failed on " + s.output() + ": " + e.getMessage(), e);
        }
    }

    /** Refuses an existing set unless overwrite is on; with it, the old manifest goes first so it never vouches for a mix. */
    private static void claimOutput(FileSystem fs, Path out, PrepareSettings s) throws IOException {
        Path manifest = new Path(out, Manifest.NAME);
        if (fs.exists(manifest)) {
            if (!s.overwrite())
                throw new Settings.Invalid(PrepareSettings.PATH + ".output " + out + " already holds a prepared set ("
                        + Manifest.NAME + "); set " + PrepareSettings.PATH + ".overwrite = true or choose another folder");
            fs.delete(manifest, false);
        }
        fs.mkdirs(out);
    }

    private static List<PartitionResult> process(JavaSparkContext sc, PrepareSettings s, HadoopConf conf,
                                                 List<WorkUnit> units, Path temp, int images) {
        DoubleAccumulator imagesDone = sc.sc().doubleAccumulator("prepare images done");
        LongAccumulator patches = sc.sc().longAccumulator("prepare patch pairs");
        PartitionTask task = new PartitionTask(s, conf, temp.toString(), imagesDone, patches);
        LOG.info("prepare: {} images ({} validation) in {} work units", images, Math.min(images, s.validationImages()),
                units.size());
        try (ProgressReporter progress = new ProgressReporter(imagesDone, patches, images, s.progressSeconds())) {
            return sc.parallelize(units, slices(sc, s, units.size()))
                    .mapPartitionsWithIndex(task::run, false).collect();
        }
    }

    private static int slices(JavaSparkContext sc, PrepareSettings s, int items) {
        int wanted = s.partitions() > 0 ? s.partitions() : 4 * sc.defaultParallelism();
        return Math.max(1, Math.min(wanted, items));
    }

    private static PrepareResult summarise(PrepareSettings s, int found, int usable, List<PartitionResult> parts,
                                           List<Rejection> probeRejections, long start) {
        Map<Integer, Long> patches = new HashMap<>();
        Map<Integer, Long> shards = new HashMap<>();
        List<String> validation = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>(probeRejections);
        long flat = 0;
        for (PartitionResult p : parts) {
            p.patches().forEach((k, v) -> patches.merge(k, v, Long::sum));
            p.shards().forEach((k, v) -> shards.merge(k, v, Long::sum));
            validation.addAll(p.validationWritten());
            rejected.addAll(p.rejected());
            flat += p.flatSkipped();
        }
        validation.sort(null);
        rejected.sort(java.util.Comparator.comparing(Rejection::file));
        int training = usable - Math.min(usable, s.validationImages());
        return new PrepareResult(found, usable, training, validation, patches, shards, flat, rejected,
                (System.nanoTime() - start) / 1e9);
    }

    /** Scale folders renamed into place (replacing stale ones), then the manifest. */
    private static void commit(FileSystem fs, Path temp, Path out, PrepareSettings s, PrepareResult r)
            throws IOException {
        for (int scale : s.scales()) {
            Path from = new Path(temp, "x" + scale);
            Path to = new Path(out, "x" + scale);
            fs.delete(to, true);
            if (fs.exists(from) && !fs.rename(from, to)) throw new IOException("cannot rename " + from + " to " + to);
        }
        Manifest.write(fs, out, Manifest.of(s, r));
    }

    private static String nothingUsable(int found, int usable, PrepareSettings s, List<Rejection> rejected) {
        if (usable == 0)
            return "none of the " + found + " input files under " + s.input() + " is usable: " + rejected(rejected);
        return "only " + usable + " usable images under " + s.input() + ", all held out by "
                + PrepareSettings.PATH + ".validation-images = " + s.validationImages() + "; rejected: " + rejected(rejected);
    }

    private static String rejected(List<Rejection> rejected) {
        if (rejected.isEmpty()) return "(none rejected)";
        return rejected.stream().limit(10).map(r -> r.file() + ": " + r.reason())
                .collect(Collectors.joining("; ")) + (rejected.size() > 10 ? "; … " + rejected.size() + " in all" : "");
    }
}
