package org.rrlfn.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.UserError;
import org.rrlfn.data.PreparedLayout;
import org.rrlfn.data.image.Bicubic;
import org.rrlfn.data.image.ImageCodec;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.jobs.SyntheticSubImages;

/** {@code rrlfn sweep}: two tiny trials on a prepared set, ranked by validation PSNR, reported, the best as config. */
class SweepCommandTest {
    @TempDir File dir;

    /** Synthetic training sub-images at x2 and one validation image, in the prepared layout. */
    static File prepared(File data) throws Exception {
        SyntheticSubImages.write(data, new int[]{2}, 16, 48, 5);
        PreparedLayout layout = new PreparedLayout(new Path(data.toURI()));
        FileSystem fs = FileSystem.getLocal(new Configuration()).getRaw();
        Rgb8 hr = Rgb8.blank(48, 40);
        for (int c = 0; c < 3; c++) for (int y = 0; y < 40; y++) for (int x = 0; x < 48; x++) hr.set(c, y, x, (x * 5 + y * 3 + c * 40) % 256);
        try (OutputStream o = fs.create(layout.hrImage(2, PreparedLayout.HeldOut.VALIDATION, "v0"))) {
            ImageCodec.writePng(hr, o);
        }
        try (OutputStream o = fs.create(layout.lrImage(2, PreparedLayout.HeldOut.VALIDATION, "v0"))) {
            ImageCodec.writePng(Bicubic.downscale(hr, 2), o);
        }
        return data;
    }

    @Test
    void twoTrialsAreTrainedRankedAndReported() throws Exception {
        File data = prepared(new File(dir, "prepared")), out = new File(dir, "sweep");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SweepCommand.COMMAND.run(List.of("sweep.output=" + out.getPath(), "train.data=" + data.getPath(), "model.channels=8",
                "model.blocks=1", "model.esa-channels=4", "train.batch-size=8", "train.hr-patch=32",
                "train.averaging-frequency=2", "train.validation-images=1",
                "sweep.stages=[{name = trial, scale = 2, init = scratch, iterations = 2}]",
                "sweep.space.\"rrlfn.train.seed\"=[1, 2]"), new PrintStream(printed, true, StandardCharsets.UTF_8));
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("trial-000") && text.contains("trial-001"), text);
        assertTrue(text.contains("best config: "), text);
        assertEquals(3, Files.readAllLines(new File(out, "results.csv").toPath()).size(), "header + 2 trials");
        assertTrue(Files.readString(new File(out, "best.conf").toPath()).contains("rrlfn.train.seed = "));
    }

    @Test
    void aRerunWithAnotherSpaceRefusesTheStaleTrialsOrRedoesThem() throws Exception {
        File data = prepared(new File(dir, "prepared")), out = new File(dir, "sweep");
        List<String> common = List.of("sweep.output=" + out.getPath(), "train.data=" + data.getPath(), "model.channels=8",
                "model.blocks=1", "model.esa-channels=4", "train.batch-size=8", "train.hr-patch=32",
                "train.averaging-frequency=2", "train.validation-images=1",
                "sweep.stages=[{name = trial, scale = 2, init = scratch, iterations = 2}]");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        SweepCommand.COMMAND.run(with(common, "sweep.space.\"rrlfn.train.seed\"=[1, 2]"), quiet);

        List<String> changed = with(common, "sweep.space.\"rrlfn.train.seed\"=[3]");
        UserError e = assertThrows(UserError.class, () -> SweepCommand.COMMAND.run(changed, quiet));
        assertTrue(e.getMessage().contains("trial-000") && e.getMessage().contains("rrlfn.train.seed")
                && e.getMessage().contains("trial-001") && e.getMessage().contains("redo-stale"), e.getMessage());

        SweepCommand.COMMAND.run(with(changed, "sweep.redo-stale=true"), quiet);
        List<String> rows = Files.readAllLines(new File(out, "results.csv").toPath());
        assertEquals(2, rows.size(), "header + the one trial of the new space: " + rows);
        assertTrue(rows.get(1).contains("3"), rows.toString());
        assertFalse(new File(out, "trial-001").exists(), "the trial outside the new space is gone");
    }

    private static List<String> with(List<String> args, String more) {
        List<String> all = new java.util.ArrayList<>(args);
        all.add(more);
        return all;
    }

    /**
     * Concurrent trials share the executors: two trials of two workers at once on 1-core executors of 2g + 2g
     * cannot hold one step of HR crops of 256 (8 per worker, about 10 GiB by the model): the sweep stops before
     * Spark starts (its output folder is not made) naming the trial's stage and the ways out.
     */
    @Test
    void concurrentTrialsTooLargeForTheExecutorsStopBeforeSparkStarts() {
        File out = new File(dir, "sweep");
        UserError e = assertThrows(UserError.class, () -> SweepCommand.COMMAND.run(List.of("sweep.output=" + out.getPath(),
                "sweep.concurrent=2", "train.workers=2", "train.batch-size=16", "train.hr-patch=256",
                "spark.master=\"spark://127.0.0.1:1\"", "spark.conf.\"spark.executor.memory\"=2g",
                "spark.conf.\"spark.executor.memoryOverhead\"=2g",
                "sweep.stages=[{name = trial, scale = 2, init = scratch, iterations = 2}]",
                "sweep.space.\"rrlfn.train.seed\"=[1, 2]"), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().startsWith("not enough memory for trial 0 stage trial (x2, HR crop 256, 8 per worker,"
                + " l1): each executor needs "), e.getMessage());
        assertTrue(e.getMessage().contains("Ways out: fewer concurrent trials (rrlfn.sweep.concurrent)"), e.getMessage());
        assertFalse(out.exists());
    }
}
