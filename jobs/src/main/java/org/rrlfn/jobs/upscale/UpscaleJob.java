package org.rrlfn.jobs.upscale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.rrlfn.common.UserError;
import org.rrlfn.common.files.DiskFull;
import org.rrlfn.common.files.FileOptions;
import org.rrlfn.common.files.InputListing;
import org.rrlfn.common.files.OutputFolder;
import org.rrlfn.common.files.Rejection;
import org.rrlfn.common.spark.HadoopConf;
import org.rrlfn.common.spark.JobProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code upscale} Spark job: lists the inputs, plans one output per input on the driver (refusing names that would
 * leave the output folder or collide), ships the model in a broadcast, upscales each image in its own task, and
 * writes {@value #REPORT} with every failed input and the totals.
 */
public final class UpscaleJob {
    public static final String REPORT = "_upscale-report.json";
    /** The report at a fixed name; the images' names come from the inputs and are checked one by one. */
    private static final OutputFolder.Kind OUTPUT = new OutputFolder.Kind("upscale",
            java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(REPORT)), OutputNames.TEMPORARY);
    private static final Logger LOG = LoggerFactory.getLogger(UpscaleJob.class);

    private UpscaleJob() { }

    public static UpscaleResult run(JavaSparkContext sc, UpscaleSettings s) {
        return run(sc, s, FileOptions.DEFAULT);
    }

    public static UpscaleResult run(JavaSparkContext sc, UpscaleSettings s, FileOptions options) {
        long start = System.nanoTime();
        Configuration hadoop = sc.hadoopConfiguration();
        try {
            ShippedModel model = ModelLoader.load(s.model(), s.engine(), hadoop);
            InputListing.refuseInputAsOutput(s.input(), s.output(), UpscaleSettings.PATH + ".output", hadoop);
            try (OutputFolder folder = OutputFolder.claim(s.output(), UpscaleSettings.PATH + ".output", OUTPUT,
                    options, hadoop)) {
                return run(sc, s, options, model, folder, start);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("upscale into " + s.output() + " failed: " + e.getMessage(), e);
        }
    }

    private static UpscaleResult run(JavaSparkContext sc, UpscaleSettings s, FileOptions options, ShippedModel model,
                                     OutputFolder folder, long start) throws IOException {
        Configuration hadoop = sc.hadoopConfiguration();
        Path outRoot = folder.root();
        List<Rejection> failed = new ArrayList<>();
        List<ImageTask.Job> jobs = plan(s, model, folder, options, hadoop, failed);
        LOG.info("upscale: {} images ({} to upscale, {} refused) to x{} with {} into {} (tile {}, overlap {} LR px)",
                jobs.size() + failed.size(), jobs.size(), failed.size(), model.scale(), model.description(), outRoot,
                s.tile(), s.overlap());

        Broadcast<ShippedModel> shipped = sc.broadcast(model);
        LongAccumulator finished = sc.sc().longAccumulator("upscale images finished");
        LongAccumulator pixels = sc.sc().longAccumulator("upscale output pixels");
        ImageTask task = new ImageTask(s, shipped, new HadoopConf(hadoop), finished, pixels);
        List<ImageTask.Outcome> outcomes;
        try (JobProgress progress = new JobProgress("upscale", "images", jobs.size(), finished::value,
                seconds -> String.format(Locale.ROOT, "%.1f output MP written, %.2f MP/s", pixels.value() / 1e6,
                        pixels.value() / 1e6 / seconds), s.progressSeconds())) {
            // One partition per image: progress then moves per image, and a big image never waits behind others.
            outcomes = jobs.isEmpty() ? List.of() : sc.parallelize(jobs, jobs.size()).map(task::run).collect();
        } catch (Exception e) {   // Spark's SparkException is checked in Scala's eyes, unchecked in Java's
            DiskFull full = DiskFull.in(e);   // a task's, under Spark's "Job aborted" and its stack trace
            if (full != null) throw full;
            throw e;
        } finally {
            EnginePool.release(shipped.id());
            shipped.destroy();
        }
        UpscaleResult result = summarise(jobs.size() + failed.size(), outcomes, failed, start, s);
        folder.ensureLocked();
        writeReport(outRoot, hadoop, s, result);
        LOG.info(result.summary());
        return result;
    }

    /**
     * Input → output pairs, biggest files first so the longest tasks start early. Names that are unsafe, collide
     * (a.jpg and a.png both map to a_x2.png), lie in an entry the folder held before it was adopted or behind a
     * symbolic link are reported as failed; inputs inside the output folder (outputs of an earlier run) are not
     * planned. Existing outputs made by another model or tiling stop the job here unless redo-stale is set.
     */
    private static List<ImageTask.Job> plan(UpscaleSettings s, ShippedModel model, OutputFolder folder,
                                            FileOptions options, Configuration hadoop, List<Rejection> failed)
            throws IOException {
        Path outRoot = folder.root();
        int scale = model.scale();
        InputListing.Result listing = InputListing.list(s.input(), UpscaleSettings.PATH + ".input", options,
                List.of(outRoot), hadoop);
        listing.skipped().forEach(l -> LOG.info("upscale: skipped {}: {}", l.path(), l.reason()));
        listing.unreadable().forEach(l -> failed.add(new Rejection(l.path(), l.reason())));
        if (listing.files().isEmpty() && listing.unreadable().isEmpty())
            throw new UserError(UpscaleSettings.PATH + ".input " + s.input() + ": no input file" + (listing.skipped().isEmpty()
                    ? "" : " (" + listing.skipped().size() + " skipped, e.g. " + listing.skipped().get(0).path() + ": "
                    + listing.skipped().get(0).reason() + ")"));
        List<InputListing.InputFile> files = new ArrayList<>(listing.files());
        files.sort(Comparator.comparingLong(InputListing.InputFile::length).reversed()
                .thenComparing(InputListing.InputFile::path));
        Path input = new Path(s.input());
        FileSystem inFs = input.getFileSystem(hadoop);
        Path root = qualified(OutputNames.root(input, inFs.isDirectory(input)), hadoop);
        Map<String, String> taken = new HashMap<>();
        List<ImageTask.Job> jobs = new ArrayList<>();
        OutputProducer producer = OutputProducer.of(model, s);
        List<String> stale = new ArrayList<>();
        for (InputListing.InputFile f : files) {
            Path file = new Path(f.path());
            try {
                Path out = OutputNames.resolve(outRoot, OutputNames.relative(root, file), s.suffixFor(scale));
                String earlier = taken.putIfAbsent(out.toString(), f.path());
                String refusal = folder.refusal(out);
                if (earlier != null) failed.add(new Rejection(f.path(), "output " + out + " is already the output of " + earlier));
                else if (refusal != null) failed.add(new Rejection(f.path(), "output " + out + ": " + refusal));
                else {
                    jobs.add(new ImageTask.Job(f.path(), out.toString()));
                    if (folder.fs().exists(out)) {
                        List<String> d = producer.differencesFrom(OutputProducer.parse(OutputCheck.producer(folder.fs(), out)));
                        if (!d.isEmpty()) stale.add(out.getName() + ": " + String.join(", ", d));
                    }
                }
            } catch (OutputNames.UnsafeName e) {
                failed.add(new Rejection(f.path(), e.getMessage()));
            }
        }
        if (!stale.isEmpty() && !s.redoStale())
            throw new UserError(UpscaleSettings.PATH + ".output " + outRoot + ": " + stale.size() + " outputs there were"
                    + " made otherwise (" + String.join("; ", stale.subList(0, Math.min(3, stale.size())))
                    + (stale.size() > 3 ? "; …" : "") + "): upscale with the same model and tiling, choose another"
                    + " folder, or set " + UpscaleSettings.PATH + ".redo-stale = true (--redo-stale) to redo them");
        if (!stale.isEmpty()) LOG.info("upscale: redoing {} outputs made otherwise (redo-stale)", stale.size());
        return jobs;
    }

    private static UpscaleResult summarise(int images, List<ImageTask.Outcome> outcomes, List<Rejection> failed,
                                           long start, UpscaleSettings s) {
        int done = 0, skipped = 0;
        long pixels = 0;
        List<Rejection> all = new ArrayList<>(failed);
        for (ImageTask.Outcome o : outcomes) {
            switch (o.status()) {
                case DONE -> done++;
                case SKIPPED -> skipped++;
                case FAILED -> all.add(new Rejection(o.input(), o.reason()));
            }
            pixels += o.outputPixels();
        }
        all.sort(Comparator.comparing(Rejection::file));
        return new UpscaleResult(images, done, skipped, all, pixels, (System.nanoTime() - start) / 1e9,
                s.engine().name().toLowerCase(java.util.Locale.ROOT));
    }

    private static void writeReport(Path outRoot, Configuration hadoop, UpscaleSettings s, UpscaleResult r)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("created", Instant.now().toString());
        m.put("model", s.model());
        m.put("input", s.input());
        m.put("engine", r.engine());
        m.put("tile", s.tile());
        m.put("overlap", s.overlap());
        m.put("images", r.images());
        m.put("done", r.done());
        m.put("skipped", r.skipped());
        m.put("failed", r.failed().size());
        m.put("output-megapixels", r.outputPixels() / 1e6);
        m.put("wall-seconds", r.seconds());
        m.put("megapixels-per-second", r.megapixelsPerSecond());
        m.put("failures", r.failed());
        FileSystem fs = outRoot.getFileSystem(hadoop);
        Path report = new Path(outRoot, REPORT);
        Path temp = new Path(outRoot, "." + REPORT + ".partial");
        try (OutputStream out = fs.create(temp, true)) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out, m);
        } catch (IOException | RuntimeException | FSError e) {
            fs.delete(temp, false);
            DiskFull.throwIfFull(report, e);
            throw e;
        }
        fs.delete(report, false);
        if (!fs.rename(temp, report)) throw new IOException("cannot rename " + temp + " to " + report);
    }

    private static Path qualified(Path p, Configuration hadoop) throws IOException {
        return p.getFileSystem(hadoop).makeQualified(p);
    }
}
