package org.rrlfn.data.prepare;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.rrlfn.common.UserError;
import org.rrlfn.common.files.FileOptions;
import org.rrlfn.common.files.InputListing;
import org.rrlfn.common.files.OutputFolder;
import org.rrlfn.common.files.Rejection;
import org.rrlfn.common.spark.HadoopConf;
import org.rrlfn.common.spark.JobProgress;
import org.rrlfn.data.PreparedLayout;
import org.rrlfn.data.sampling.SubImageIndex;
import org.rrlfn.data.sampling.SubImageRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code prepare} Spark job: lists the HR images, checks their headers on the executors, sets the plan of what it
 * will write against the output's free space ({@link PreparePlan}) before it claims the output folder, plans work
 * units (whole images, bands of huge ones, held-out validation images), cuts the sub-images (BasicSR's
 * {@code extract_subimages} grid) and writes one shard per partition and scale under a temporary folder, writes each
 * scale's {@code index.tsv}, then commits by renaming the scale folders into place and writing {@code manifest.json}
 * last.
 * A failed run leaves no manifest, and an old manifest is removed before anything is replaced.
 */
public final class PrepareJob {
    private static final Logger LOG = LoggerFactory.getLogger(PrepareJob.class);

    private PrepareJob() { }

    public static PrepareResult run(JavaSparkContext sc, PrepareSettings s) {
        return run(sc, s, FileOptions.DEFAULT);
    }

    public static PrepareResult run(JavaSparkContext sc, PrepareSettings s, FileOptions options) {
        long start = System.nanoTime();
        Configuration hadoop = sc.hadoopConfiguration();
        Path out;
        Probed probed;
        try {
            InputListing.refuseInputAsOutput(s.input(), s.output(), PrepareSettings.PATH + ".output", hadoop);
            Path given = new Path(s.output());
            out = given.getFileSystem(hadoop).makeQualified(given);
            probed = probe(sc, s, options, out, hadoop);
        } catch (IOException e) {
            throw new PrepareFailed("prepare cannot read " + s.input() + ": " + e.getMessage(), e);
        }
        checkPlan(s, probed.candidates(), out, hadoop);
        try (OutputFolder folder = OutputFolder.claim(s.output(), PrepareSettings.PATH + ".output",
                PreparedLayout.OUTPUT, options, hadoop)) {
            return run(sc, s, folder, probed, start);
        } catch (IOException e) {
            throw new PrepareFailed("prepare failed on " + s.output() + ": " + e.getMessage(), e);
        }
    }

    /** What the inputs' headers said: files found, those rejected with the reason, the usable images in path order. */
    private record Probed(int found, List<Rejection> rejected, List<Planner.Usable> candidates) { }

    /** Lists the input (never what lies under the output) and checks every file's header on the executors. */
    private static Probed probe(JavaSparkContext sc, PrepareSettings s, FileOptions options, Path out,
                                Configuration hadoop) throws IOException {
        HadoopConf conf = new HadoopConf(hadoop);
        InputListing.Result listing = InputListing.list(s.input(), PrepareSettings.PATH + ".input", options,
                List.of(out), hadoop);
        List<InputListing.InputFile> files = listing.files();
        LOG.info("prepare: {} input files under {}, {} skipped, {} unreadable", files.size(), s.input(),
                listing.skipped().size(), listing.unreadable().size());
        List<ImageProbe.Outcome> probes = sc.parallelize(files, slices(sc, s, files.size()))
                .map(f -> ImageProbe.probe(f, s, conf)).collect();
        List<Rejection> rejected = new ArrayList<>();
        for (InputListing.Left l : listing.skipped()) rejected.add(new Rejection(l.path(), l.reason()));
        for (InputListing.Left l : listing.unreadable()) rejected.add(new Rejection(l.path(), l.reason()));
        List<ImageProbe.Outcome> passed = new ArrayList<>();
        for (ImageProbe.Outcome o : probes) {
            String reason = o.rejected() != null ? o.rejected() : Planner.unusableName(o.path());
            if (reason != null) rejected.add(new Rejection(o.path(), reason));
            else passed.add(o);
        }
        List<Planner.Usable> candidates = Planner.name(passed);
        for (Planner.Usable u : candidates)
            if (!wholeFits(s, u)) LOG.info("prepare: {} ({}x{}) is never held out: above {}.max-image-pixels = {}; it"
                    + " trains in bands", u.path(), u.width(), u.height(), PrepareSettings.PATH, s.maxImagePixels());
        return new Probed(files.size(), rejected, candidates);
    }

    /**
     * Before anything is written: the plan (sub-images and bytes per scale, the held-out PNGs) is logged and set
     * against the output file system's free space, expecting the first images that are read whole to be held out.
     */
    private static void checkPlan(PrepareSettings s, List<Planner.Usable> candidates, Path out, Configuration hadoop) {
        List<Planner.Usable> heldOut = candidates.stream().filter(u -> wholeFits(s, u))
                .limit((long) s.validationImages() + s.testImages()).toList();
        List<Planner.Usable> training = candidates.stream().filter(u -> !heldOut.contains(u)).toList();
        PreparePlan plan = PreparePlan.of(s, training, heldOut);
        long free;
        try {
            free = PreparePlan.freeSpace(out.getFileSystem(hadoop), out);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.info("prepare: plan {} in all ({}); the free space under {} is unknown ({}), not checked",
                    PreparePlan.size(plan.total()), plan.describe(), out, e.getMessage());
            return;
        }
        LOG.info("prepare: plan {} in all ({}; flat sub-images dropped and PNG compression make it less), {} free"
                + " under {}", PreparePlan.size(plan.total()), plan.describe(), PreparePlan.size(free), out);
        plan.requireFits(free, s, out);
    }

    private static PrepareResult run(JavaSparkContext sc, PrepareSettings s, OutputFolder folder, Probed probed,
                                     long start) throws IOException {
        Configuration hadoop = sc.hadoopConfiguration();
        HadoopConf conf = new HadoopConf(hadoop);
        Path out = folder.root();
        PreparedLayout layout = new PreparedLayout(out);
        FileSystem fs = folder.fs();
        claimOutput(folder, layout, s);
        List<Rejection> rejected = new ArrayList<>(probed.rejected());
        List<Planner.Usable> candidates = new ArrayList<>(probed.candidates());

        PreparedLayout temp = layout.temporary();
        try {
            List<String> validation = holdOut(sc, s, conf, candidates, temp, rejected, PreparedLayout.HeldOut.VALIDATION,
                    s.validationImages());
            List<String> test = holdOut(sc, s, conf, candidates, temp, rejected, PreparedLayout.HeldOut.TEST,
                    s.testImages());
            if (candidates.isEmpty())
                throw new PrepareFailed(nothingUsable(probed.found(), validation.size() + test.size(), s, rejected));
            if (validation.size() < s.validationImages() || test.size() < s.testImages())
                throw new UserError(tooLargeToHoldOut(s, validation.size(), test.size(), candidates));
            List<WorkUnit> units = Planner.training(s, candidates);
            List<PartitionResult> parts = process(sc, s, conf, units, temp, candidates.size());
            PrepareResult result = summarise(probed.found(), candidates.size(), validation, test, parts, rejected, start);
            if (result.totalSubImages() == 0)
                throw new PrepareFailed("no sub-image was cut from the " + result.trainingImages()
                        + " training images (all flat, or rejected while decoding): " + rejected(result.rejected()));
            writeIndexes(fs, temp, s, parts);
            folder.ensureLocked();
            commit(fs, temp, layout, s, result);
            LOG.info("prepare: done in {} s: sub-images {}, {} rejected inputs; manifest {}",
                    String.format("%.1f", result.seconds()), result.subImages(),
                    result.rejected().size(), layout.manifest());
            return result;
        } finally {
            fs.delete(temp.root(), true);
        }
    }

    /**
     * Refuses an existing set unless overwrite is on, and any file in a scale folder it would replace that prepare does
     * not write (overwrite removes only what prepare wrote). With overwrite, the old manifest goes first so it never
     * vouches for a mix, and the old set's scales that the new one lacks go with it.
     */
    private static void claimOutput(OutputFolder folder, PreparedLayout layout, PrepareSettings s) throws IOException {
        FileSystem fs = folder.fs();
        Path out = folder.root();
        Path manifest = layout.manifest();
        boolean old = fs.exists(manifest);
        if (old && !s.overwrite())
            throw new UserError(PrepareSettings.PATH + ".output " + out + " already holds a prepared set ("
                    + manifest.getName() + "); set " + PrepareSettings.PATH + ".overwrite = true or choose another folder");
        java.util.Set<Integer> replaced = new java.util.TreeSet<>(s.scales());
        if (old) replaced.addAll(Manifest.scales(fs, layout));
        List<Path> notOurs = new ArrayList<>();
        for (int scale : replaced) notOurs.addAll(layout.notWrittenByPrepare(fs, scale));
        if (!notOurs.isEmpty())
            throw new UserError(PrepareSettings.PATH + ".output " + out + ": " + notOurs.get(0)
                    + (notOurs.size() > 1 ? " and " + (notOurs.size() - 1) + " more files" : "") + " sit in a scale"
                    + " folder prepare would replace, and prepare did not write them (it removes only what it wrote):"
                    + " move them away");
        if (!old) return;
        fs.delete(manifest, false);
        for (int scale : replaced)
            if (!s.scales().contains(scale)) fs.delete(layout.scale(scale), true);
    }

    /**
     * Writes the first {@code count} candidates that decode as held-out PNGs into {@code folder} and removes them (and
     * any that fail to decode) from {@code candidates}. Runs in rounds, so an image that passed the header check but is
     * damaged is replaced by the next one instead of leaving the validation set short. Failures go to {@code rejected}.
     */
    private static List<String> holdOut(JavaSparkContext sc, PrepareSettings s, HadoopConf conf,
                                        List<Planner.Usable> candidates, PreparedLayout temp,
                                        List<Rejection> rejected, PreparedLayout.HeldOut folder, int count) {
        List<String> written = new ArrayList<>();
        while (written.size() < count) {
            List<Planner.Usable> round = candidates.stream().filter(u -> wholeFits(s, u))
                    .limit(count - written.size()).toList();
            if (round.isEmpty()) break;
            candidates.removeAll(round);
            List<WorkUnit> units = round.stream().map(u -> Planner.heldOut(u, folder)).toList();
            for (PartitionResult r : process(sc, s, conf, units, temp, units.size())) {
                written.addAll(r.heldOutWritten());
                rejected.addAll(r.rejected());
            }
        }
        return written;
    }

    /**
     * Held-out images are decoded whole (here, and by validation and fuse-eval), so one above max-image-pixels is not
     * held out: it trains, in bands, and the next image is held out instead.
     */
    private static boolean wholeFits(PrepareSettings s, Planner.Usable u) {
        return (long) u.width() * u.height() <= s.maxImagePixels();
    }

    private static List<PartitionResult> process(JavaSparkContext sc, PrepareSettings s, HadoopConf conf,
                                                 List<WorkUnit> units, PreparedLayout temp, int images) {
        DoubleAccumulator imagesDone = sc.sc().doubleAccumulator("prepare images done");
        LongAccumulator pairs = sc.sc().longAccumulator("prepare sub-image pairs");
        PartitionTask task = new PartitionTask(s, conf, temp.root().toString(), imagesDone, pairs);
        LOG.info("prepare: {} images in {} work units{}", images, units.size(),
                units.get(0).heldOut() != null ? " (held out: " + units.get(0).heldOut().folder() + ")" : "");
        try (JobProgress progress = new JobProgress("prepare", "images", images, imagesDone::value,
                seconds -> String.format(Locale.ROOT, "%d sub-image pairs written, %.1f pairs/s", pairs.value(),
                        pairs.value() / seconds), s.progressSeconds())) {
            List<PartitionResult> parts = sc.parallelize(units, slices(sc, s, units.size()))
                    .mapPartitionsWithIndex(task::run, false).collect();
            for (PartitionResult p : parts) if (p.diskFull() != null) throw p.diskFull();
            return parts;
        }
    }

    private static int slices(JavaSparkContext sc, PrepareSettings s, int items) {
        int wanted = s.partitions() > 0 ? s.partitions() : 4 * sc.defaultParallelism();
        return Math.max(1, Math.min(wanted, items));
    }

    /**
     * @param training   images given to the training units
     * @param rejected   rejections so far (probe, validation rounds); the training units' are added here
     */
    private static PrepareResult summarise(int found, int training, List<String> validation, List<String> test,
                                           List<PartitionResult> parts, List<Rejection> rejected, long start) {
        Map<Integer, Long> subImages = new HashMap<>();
        List<Rejection> all = new ArrayList<>(rejected);
        long flat = 0;
        int failed = 0;
        for (PartitionResult p : parts) {
            p.subImages().forEach((k, v) -> subImages.merge(k, (long) v.size(), Long::sum));
            all.addAll(p.rejected());
            failed += p.imagesFailed();
            flat += p.flatSkipped();
        }
        all.sort(java.util.Comparator.comparing(Rejection::file));
        List<String> held = validation.stream().sorted().toList();
        List<String> tested = test.stream().sorted().toList();
        return new PrepareResult(found, training - failed + held.size() + tested.size(), training - failed, held, tested,
                subImages, flat, all, (System.nanoTime() - start) / 1e9);
    }

    /** Each scale's index of every partition's sub-images, inside the temporary folder (committed with it). */
    private static void writeIndexes(FileSystem fs, PreparedLayout temp, PrepareSettings s, List<PartitionResult> parts)
            throws IOException {
        for (int scale : s.scales()) {
            List<SubImageRef> refs = new ArrayList<>();
            for (PartitionResult p : parts) refs.addAll(p.subImages().getOrDefault(scale, List.of()));
            if (!refs.isEmpty()) SubImageIndex.write(fs, temp, scale, refs);
        }
    }

    /** Scale folders renamed into place (replacing stale ones), then the manifest. */
    private static void commit(FileSystem fs, PreparedLayout temp, PreparedLayout out, PrepareSettings s, PrepareResult r)
            throws IOException {
        for (int scale : s.scales()) {
            Path from = temp.scale(scale);
            Path to = out.scale(scale);
            fs.delete(to, true);
            if (fs.exists(from) && !fs.rename(from, to)) throw new IOException("cannot rename " + from + " to " + to);
        }
        Manifest.write(fs, out, Manifest.of(s, r, SourceList.read(s.input(), fs.getConf())));
    }

    /**
     * Held out short while images remain: every remaining one is above max-image-pixels (holdOut takes any that fits),
     * and train would fail later on a short or empty validation set, so stop now with the key to change.
     */
    private static String tooLargeToHoldOut(PrepareSettings s, int validation, int test, List<Planner.Usable> left) {
        long needed = left.stream().mapToLong(u -> (long) u.width() * u.height()).min().orElseThrow();
        String names = left.stream().limit(5).map(u -> u.path() + " (" + u.width() + "x" + u.height() + ")")
                .collect(Collectors.joining(", ")) + (left.size() > 5 ? " and " + (left.size() - 5) + " more" : "");
        return PrepareSettings.PATH + ".max-image-pixels = " + s.maxImagePixels() + " leaves only " + validation + " of "
                + PrepareSettings.PATH + ".validation-images = " + s.validationImages() + " and " + test + " of "
                + PrepareSettings.PATH + ".test-images = " + s.testImages() + " to hold out: held-out images are read"
                + " whole, and the remaining " + names + " are above it; raise " + PrepareSettings.PATH
                + ".max-image-pixels to at least " + needed + " or lower the held-out counts";
    }

    private static String nothingUsable(int found, int heldOut, PrepareSettings s, List<Rejection> rejected) {
        if (heldOut == 0)
            return "none of the " + found + " input files under " + s.input() + " is usable: " + rejected(rejected);
        return "only " + heldOut + " usable images under " + s.input() + ", all held out by "
                + PrepareSettings.PATH + ".validation-images = " + s.validationImages() + " and " + PrepareSettings.PATH
                + ".test-images = " + s.testImages() + "; rejected: " + rejected(rejected);
    }

    private static String rejected(List<Rejection> rejected) {
        if (rejected.isEmpty()) return "(none rejected)";
        return rejected.stream().limit(10).map(r -> r.file() + ": " + r.reason())
                .collect(Collectors.joining("; ")) + (rejected.size() > 10 ? "; … " + rejected.size() + " in all" : "");
    }
}
