package org.rrlfn.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.config.Settings;
import org.rrlfn.data.PreparedLayout;
import org.rrlfn.data.image.ImageCodec;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.data.prepare.PrepareSettings;
import org.rrlfn.jobs.DriverJvm;
import org.rrlfn.jobs.SyntheticPhotos;
import org.rrlfn.jobs.train.config.TrainSettings;

/** {@code rrlfn pipeline}: how it wires prepare to train, its photo shrinking, and one whole small run. */
class PipelineCommandTest {
    /** A progress line as the log channel writes it (jobs/src/main/resources/log4j2.properties). */
    private static final Pattern LOG_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d (INFO|WARN|ERROR) +\\S+: .*");
    @TempDir File dir;

    private static Config config(String... args) {
        return PipelineCommand.configuration(Settings.load(List.of(args), PipelineCommand.COMMAND.options()));
    }

    @Test
    void prepareReadsThePhotosAndWritesWhereTrainReadsUnlessConfiguredOtherwise() {
        Config c = config("--photos", "/p", "train.data=/d");
        assertEquals("/p", PrepareSettings.from(c).input());
        assertEquals("/d", PrepareSettings.from(c).output());
        assertEquals("/d", TrainSettings.from(c).data());
        assertEquals(96, TrainSettings.from(c).sampling().hrPatch(), "the pipeline trains its demo profile");

        Config own = config("--photos", "/p", "prepare.input=/in", "prepare.output=/out", "--profile", "full");
        assertEquals("/in", PrepareSettings.from(own).input());
        assertEquals("/out", PrepareSettings.from(own).output());
        assertEquals(256, TrainSettings.from(own).sampling().hrPatch());
    }

    @Test
    void photosAreShrunkOnceIntoASiblingFolderWithTheirSources() throws Exception {
        File photos = new File(dir, "photos");
        SyntheticPhotos.write(photos, 1, 64, 48, 1);
        Files.writeString(new File(photos, "_sources.tsv").toPath(), "file\tlicence\nphoto-00.png\tCC0\n");
        Config c = config("--photos", photos.getPath(), "pipeline.photo-downscale=4");

        PrepareSettings shrunk = PipelineCommand.shrunkPhotos(c, PrepareSettings.from(c));
        File div = new File(photos.getPath() + "-div4");
        assertEquals(div.getPath(), shrunk.input());
        Rgb8 small = ImageCodec.read(Files.readAllBytes(new File(div, "photo-00.png").toPath()));
        assertEquals(List.of(16, 12), List.of(small.width(), small.height()));
        assertEquals(Files.readString(new File(photos, "_sources.tsv").toPath()),
                Files.readString(new File(div, "_sources.tsv").toPath()));
        // Prepare reads the folder: the pipeline's own bookkeeping there is no input it would report as left out.
        var listing = org.rrlfn.common.files.InputListing.list(div.getPath(), "k", org.rrlfn.common.files.FileOptions.from(c),
                List.of(), new org.apache.hadoop.conf.Configuration());
        assertEquals(List.of(), listing.skipped());
        assertEquals(List.of(), listing.unreadable());
        assertEquals(1, listing.files().size());

        long written = new File(div, "photo-00.png").lastModified();
        Files.delete(new File(photos, "photo-00.png").toPath());   // a second run does not downscale again
        assertEquals(div.getPath(), PipelineCommand.shrunkPhotos(c, PrepareSettings.from(c)).input());
        assertEquals(written, new File(div, "photo-00.png").lastModified());

        Config other = config("--photos", photos.getPath(), "prepare.input=/elsewhere", "pipeline.photo-downscale=4");
        assertEquals("/elsewhere", PipelineCommand.shrunkPhotos(other, PrepareSettings.from(other)).input(),
                "only the pipeline's own photos are shrunk");
    }

    /**
     * The whole pipeline in a driver JVM configured as bin/rrlfn configures it: its progress (the pipeline's own
     * steps, downscale's per-photo lines, prepare's and training's lines, fuse-eval's checks) goes, in order, to the
     * one log channel (stderr, time-stamped); stdout holds the results table alone.
     */
    @Test
    void aSmallPipelineTellsItsStoryInOrderOnTheLogChannelAndPrintsOnlyResults() throws Exception {
        File photos = new File(dir, "photos"), data = new File(dir, "prepared");
        SyntheticPhotos.write(photos, 5, 256, 256, 3);
        List<String> cmd = new ArrayList<>(DriverJvm.command(List.of("pipeline", "--photos", photos.getPath(),
                "pipeline.photo-downscale=2", "--profile", "full", "pipeline.fetch-default-photos=false",
                "train.data=" + data.getPath(), "train.run=" + new File(dir, "run").getPath(),
                "fuse-eval.output=" + new File(dir, "report").getPath(), "fuse-eval.repeats=1",
                "prepare.scales=[2]", "prepare.sub-image-size=96", "prepare.sub-image-step=48",
                "prepare.validation-images=1", "prepare.test-images=1",
                "model.channels=8", "model.blocks=1", "model.esa-channels=4", "train.batch-size=8", "train.hr-patch=32",
                "train.averaging-frequency=2", "train.validation-images=1",
                "train.stages=[{name = s, scale = 2, init = scratch, iterations = 4}]")));
        cmd.add(1, "-Dlog4j2.configurationFile=src/main/resources/log4j2.properties");   // bin/rrlfn's, in the jar
        File out = new File(dir, "stdout.txt"), err = new File(dir, "stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "pipeline did not end");
        String stdout = Files.readString(out.toPath(), StandardCharsets.UTF_8);
        List<String> log = Files.readAllLines(err.toPath(), StandardCharsets.UTF_8);
        String both = "stdout:\n" + stdout + "\nstderr:\n" + String.join("\n", log);
        assertEquals(0, p.exitValue(), both);

        List<String> story = List.of("pipeline: photos downscaled 1/2 into", "(256x256) -> ", "downscaled 5 image(s) by 2",
                "pipeline: preparing sub-images from", "prepare: done in", "stage 1/1 s: x2 from scratch",
                "stage s validation: PSNR(Y)", "stage 1/1 s: finished", "s: fusion verified on", "s: ONNX export verified");
        int at = -1;
        for (String step : story) {
            int line = indexOf(log, step, at + 1);
            assertTrue(line > at, "'" + step + "' missing or out of order on the log channel\n" + both);
            assertTrue(LOG_LINE.matcher(log.get(line)).matches(), "not in the channel's format: " + log.get(line));
            assertFalse(stdout.contains(step), "progress on stdout: " + step + "\n" + both);
            at = line;
        }
        assertTrue(stdout.contains("pipeline finished in"), both);
        assertTrue(stdout.contains("report: "), both);
        for (String line : stdout.split("\n")) assertFalse(LOG_LINE.matcher(line).matches(), "a log line on stdout: " + line);
        assertTrue(new File(PreparedLayout.at(data.getPath()).manifest().toUri().getPath()).isFile());
    }

    private static int indexOf(List<String> lines, String text, int from) {
        for (int i = from; i < lines.size(); i++) if (lines.get(i).contains(text)) return i;
        return -1;
    }
}
