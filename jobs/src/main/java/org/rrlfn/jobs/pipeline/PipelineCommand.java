package org.rrlfn.jobs.pipeline;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.rrlfn.common.StopPoint;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Command;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.files.FileOptions;
import org.rrlfn.common.log.Console;
import org.rrlfn.common.spark.SparkContexts;
import org.rrlfn.data.PreparedLayout;
import org.rrlfn.data.cli.DownscaleCommand;
import org.rrlfn.data.cli.DownscaleSettings;
import org.rrlfn.data.prepare.PrepareJob;
import org.rrlfn.data.prepare.PrepareSettings;
import org.rrlfn.jobs.eval.FuseEvalCommand;
import org.rrlfn.jobs.eval.FuseEvalSettings;
import org.rrlfn.jobs.model.ModelSettings;
import org.rrlfn.jobs.train.TrainJob;
import org.rrlfn.jobs.train.TrainMemory;
import org.rrlfn.jobs.train.config.TrainSettings;

/**
 * {@code rrlfn pipeline}: the whole project in one command. Photos (fetched if the folder is empty and no
 * input is configured), prepare (skipped when the prepared set exists), train (resumes; or fine-tune given weights,
 * {@link PretrainedStart}), fuse-eval, and the results table; with {@code --seeds}, train and fuse-eval once per seed
 * and the spread of the results ({@link SeedRuns}). The same command takes --config for real data and clusters.
 */
public final class PipelineCommand {
    public static final String PATH = Settings.ROOT + ".pipeline";
    public static final Command COMMAND = new Command("pipeline",
            "photos -> prepare -> train -> fuse-eval, then the results table",
            Map.of("photos", PATH + ".photos",
                    "profile", PATH + ".train-profile",
                    "init-x2", PATH + ".init-x2",
                    "init-x4", PATH + ".init-x4",
                    "seeds", SeedRuns.SEEDS,
                    "master", Settings.ROOT + ".spark.master"),
            List.of(PATH, PrepareSettings.PATH, TrainSettings.PATH, ModelSettings.PATH, FuseEvalSettings.PATH,
                    Settings.ROOT + ".spark", Settings.ROOT + ".files"), "", PipelineCommand::run);

    private PipelineCommand() { }

    static void run(Settings.Loaded loaded, PrintStream out) {
        Config config = configuration(loaded);
        // Every setting is validated before anything starts.
        PrepareSettings prepare = PrepareSettings.from(config);
        TrainSettings train = TrainSettings.from(config);
        FuseEvalSettings eval = FuseEvalSettings.from(config);
        List<Long> seeds = SeedRuns.seeds(config);
        for (long seed : seeds) TrainSettings.from(SeedRuns.forSeed(config, seed));
        TrainMemory.check(config, train, TrainMemory.demo(loaded, profile(loaded)));
        long start = System.nanoTime();
        PretrainedStart.importOnnxFiles(config);
        ensurePhotos(config, prepare.input());
        prepare = shrunkPhotos(config, prepare);
        String results = null;
        try (JavaSparkContext sc = SparkContexts.create(config)) {
            Path manifest = PreparedLayout.at(prepare.output()).manifest();
            if (manifest.getFileSystem(sc.hadoopConfiguration()).exists(manifest)) {
                Console.info("pipeline: prepared data found at %s, prepare skipped", prepare.output());
            } else {
                Console.info("pipeline: preparing sub-images from %s", prepare.input());
                StopPoint.at("prepare");
                PrepareJob.run(sc, prepare, FileOptions.from(config));
            }
            StopPoint.context("train");
            if (seeds.isEmpty()) TrainJob.run(sc, train);
            else results = SeedRuns.run(sc, config, seeds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StopPoint.context(null);
        StopPoint.at("fuse-eval");
        if (results == null)
            results = FuseEvalCommand.runAndReport(eval, FileOptions.from(config), new org.apache.hadoop.conf.Configuration());
        out.print(results);
        out.printf("pipeline finished in %s%n", Console.duration((System.nanoTime() - start) / 1e9));
    }

    /**
     * The pipeline's configuration: training with the pipeline's profile (demo unless set) layered under the user's
     * keys, or with the finetune profile when it fine-tunes given weights ({@link PretrainedStart}; the demo's rate and
     * crops are for training from scratch).
     */
    static Config configuration(Settings.Loaded loaded) {
        return PretrainedStart.apply(withDefaults(TrainSettings.withProfile(loaded, profile(loaded))));
    }

    /** The training profile the pipeline runs under: the fine-tune profile when it starts from trained weights. */
    private static String profile(Settings.Loaded loaded) {
        return PretrainedStart.inits(loaded.config()).isEmpty() ? loaded.config().getString(PATH + ".train-profile")
                : PretrainedStart.PROFILE;
    }

    /** prepare reads the photo folder and writes where train reads, unless configured otherwise. */
    static Config withDefaults(Config c) {
        if (c.getString(PrepareSettings.PATH + ".input").isEmpty())
            c = c.withValue(PrepareSettings.PATH + ".input", ConfigValueFactory.fromAnyRef(c.getString(PATH + ".photos")));
        if (c.getString(PrepareSettings.PATH + ".output").isEmpty())
            c = c.withValue(PrepareSettings.PATH + ".output",
                    ConfigValueFactory.fromAnyRef(c.getString(TrainSettings.PATH + ".data")));
        return c;
    }

    private static void ensurePhotos(Config c, String input) {
        File photos = new File(c.getString(PATH + ".photos"));
        if (!input.equals(c.getString(PATH + ".photos")) || hasImages(photos)) return;
        if (!c.getBoolean(PATH + ".fetch-default-photos"))
            throw new UserError(PATH + ".photos " + photos + " holds no images and fetching is off");
        File script = new File(System.getProperty("rrlfn.home", "."), "data-prep/fetch-default-photos.sh");
        Console.info("pipeline: fetching the default photos into %s (%s)", photos, script);
        try {
            Process p = new ProcessBuilder("bash", script.getPath(), photos.getPath()).inheritIO().start();
            if (p.waitFor() != 0) throw new IllegalStateException(script + " failed (exit " + p.exitValue() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching photos", e);
        }
    }

    /**
     * The default photos are desktop wallpapers, mostly smoothed or upsampled: at full size bicubic already scores
     * ~45 dB on them and there is little high-frequency content to learn. Like DIV2K's HR images, the HR set should
     * hold real detail, so the pipeline uses them MATLAB-bicubic-downscaled by rrlfn.pipeline.photo-downscale.
     */
    static PrepareSettings shrunkPhotos(Config c, PrepareSettings prepare) {
        int k = c.getInt(PATH + ".photo-downscale");
        if (k <= 1 || !prepare.input().equals(c.getString(PATH + ".photos"))) return prepare;
        File dest = new File(prepare.input() + "-div" + k);
        // '_' as Hadoop's _SUCCESS: prepare's input listing passes over it silently (a '.' name it reports as skipped).
        File done = new File(dest, "_complete");
        if (!done.isFile()) {
            Console.info("pipeline: photos downscaled 1/%d into %s", k, dest);
            try (PrintStream progress = Console.lines()) {   // closing emits a last line without a newline
                DownscaleCommand.downscale(new DownscaleSettings(k, java.nio.file.Path.of(prepare.input()), dest.toPath()),
                        progress);
            }
            try {
                // The photos' provenance and licences go with them (prepare copies them into the manifest).
                java.nio.file.Path sources = java.nio.file.Path.of(prepare.input(), "_sources.tsv");
                if (java.nio.file.Files.isRegularFile(sources))
                    java.nio.file.Files.copy(sources, dest.toPath().resolve("_sources.tsv"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                java.nio.file.Files.deleteIfExists(new File(dest, ".complete").toPath());   // the marker's earlier name
                java.nio.file.Files.createFile(done.toPath());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return PrepareSettings.from(c.withValue(PrepareSettings.PATH + ".input", ConfigValueFactory.fromAnyRef(dest.getPath())));
    }

    private static boolean hasImages(File dir) {
        File[] files = dir.listFiles((d, n) -> n.toLowerCase(java.util.Locale.ROOT).matches(".*\\.(jpe?g|png|bmp|tiff?|webp)"));
        return files != null && files.length > 0;
    }
}
