package org.rrlfn.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;
import org.rrlfn.jobs.SyntheticSubImages;

/** {@code rrlfn sweep}: two tiny trials on a prepared set, ranked by validation PSNR, reported, the best as config. */
class SweepCommandTest {
    @TempDir File dir;

    @Test
    void twoTrialsAreTrainedRankedAndReported() throws Exception {
        File data = SyntheticSubImages.withValidation(new File(dir, "prepared")), out = new File(dir, "sweep");
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
        File data = SyntheticSubImages.withValidation(new File(dir, "prepared")), out = new File(dir, "sweep");
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

    /**
     * ASHA end to end on local[2]: 6 random trials (lr drawn log-uniform), rungs at 2, 4 and 8 steps of one 8-step
     * stage (η = 2), two trials of one worker at a time (the two barrier stages fill local[2]). At most ⌊6/2⌋ trials go past rung 0, so some stop early, keeping their
     * checkpoint; the best trial is the best of those that reached the last rung; the same command again replays the
     * record and trains nothing.
     */
    @Test
    void anAshaSweepStopsTrialsEarlyAndItsBestIsTheBestOfTheLastRung() throws Exception {
        File data = SyntheticSubImages.withValidation(new File(dir, "prepared")), out = new File(dir, "sweep");
        List<String> args = List.of("sweep.output=" + out.getPath(), "train.data=" + data.getPath(), "model.channels=8",
                "model.blocks=1", "model.esa-channels=4", "train.batch-size=8", "train.hr-patch=32",
                "train.averaging-frequency=2", "train.validation-images=1", "train.workers=1", "sweep.mode=random", "sweep.trials=6",
                "sweep.concurrent=2", "sweep.scheduler=asha", "sweep.asha.min-steps=2", "sweep.asha.reduction-factor=2",
                "sweep.stages=[{name = trial, scale = 2, init = scratch, iterations = 8}]",
                "sweep.space.\"rrlfn.train.stage-defaults.lr\"={log-uniform = [1e-4, 1e-2]}");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SweepCommand.COMMAND.run(args, new PrintStream(printed, true, StandardCharsets.UTF_8));

        List<String> rows = Files.readAllLines(new File(out, "results.csv").toPath());
        assertEquals("trial,rrlfn.train.stage-defaults.lr,psnr_y,bicubic_psnr_y,seconds,rung_reached,stopped,"
                + "psnr_y_rung0,psnr_y_rung1,psnr_y_rung2", rows.get(0));
        assertEquals(7, rows.size(), "header + 6 trials: " + rows);
        String best = null;
        double bestPsnr = Double.NEGATIVE_INFINITY;
        int stopped = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            double psnr = Double.parseDouble(f[2]);
            if (f[5].equals("2") && psnr > bestPsnr) {
                best = f[0];
                bestPsnr = psnr;
            }
            if (f[6].equals("true")) {
                stopped++;
                File stage = new File(out, f[0] + "/run/stages/trial");
                assertTrue(stage.list((d, n) -> n.startsWith("ckpt-")).length > 0, f[0] + " keeps its checkpoint");
            }
        }
        assertTrue(stopped >= 3, "at most 3 of 6 trials pass rung 0: " + rows);
        assertTrue(best != null && rows.get(1).startsWith(best + ","), "the best of the last rung ranks first: " + rows);
        assertTrue(Files.readString(new File(out, "best.conf").toPath()).contains("(" + best + ","));
        assertTrue(new File(out, SweepReport.STEPS_CHART).length() > 1000);
        String record = Files.readString(new File(out, AshaLog.FILE).toPath());

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        SweepCommand.COMMAND.run(args, new PrintStream(again, true, StandardCharsets.UTF_8));
        assertEquals(record, Files.readString(new File(out, AshaLog.FILE).toPath()), "nothing left to decide");
        assertEquals(rows, Files.readAllLines(new File(out, "results.csv").toPath()));
    }

    /**
     * A sweep that could not rank or promote its trials stops before its output folder is made, naming the key: ASHA's
     * first rung at or past a trial's length, no validation images to rank by, and a reduction factor that promotes
     * the best ⌊n / η⌋ = 0 of n trials, so that none would ever reach the last rung.
     */
    @Test
    void aSweepThatCannotRankOrPromoteItsTrialsStopsBeforeMakingItsFolder() {
        File out = new File(dir, "sweep");
        List<String> common = List.of("sweep.output=" + out.getPath(), "train.data=" + new File(dir, "none").getPath(),
                "model.channels=8", "model.blocks=1", "model.esa-channels=4", "train.batch-size=8", "train.hr-patch=32",
                "sweep.stages=[{name = trial, scale = 2, init = scratch, iterations = 8}]",
                "sweep.space.\"rrlfn.train.seed\"=[1, 2]");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        List<String> asha = with(with(with(common, "sweep.scheduler=asha"), "sweep.asha.min-steps=2"),
                "train.validation-images=1");
        for (String[] refused : new String[][]{
                {"sweep.asha.min-steps=8", "rrlfn.sweep.asha.min-steps = 8 must be below a trial's 8 steps"},
                {"train.validation-images=0", "rrlfn.train.validation-images must be positive"},
                {"sweep.asha.reduction-factor=1e9", "⌊2 / 1000000000⌋ = 0"}}) {
            UserError e = assertThrows(UserError.class, () -> SweepCommand.COMMAND.run(with(asha, refused[0]), quiet));
            assertTrue(e.getMessage().contains(refused[1]) && !e.getMessage().contains("\n"), e.getMessage());
            assertFalse(out.exists(), refused[0] + ": no folder made");
        }
        UserError plain = assertThrows(UserError.class,
                () -> SweepCommand.COMMAND.run(with(common, "train.validation-images=0"), quiet));
        assertTrue(plain.getMessage().contains("rrlfn.train.validation-images must be positive"), plain.getMessage());
        assertFalse(out.exists(), "no folder made");
    }

    private static List<String> with(List<String> args, String more) {
        List<String> all = new java.util.ArrayList<>(args);
        all.add(more);
        return all;
    }

    /**
     * A barrier stage starts all its ranks at once and holds them: two concurrent trials of two workers need four
     * task slots, and local[2] has two. The sweep stops before Spark starts (no output folder) with the numbers and
     * the ways out; a dl4j trial holds no slot between rounds and passes the check.
     */
    @Test
    void concurrentBarrierTrialsBeyondTheMastersSlotsStopBeforeSparkStarts() {
        File out = new File(dir, "sweep");
        List<String> args = List.of("sweep.output=" + out.getPath(), "sweep.concurrent=2", "train.workers=2",
                "sweep.stages=[{name = trial, scale = 2, init = scratch, iterations = 2}]",
                "sweep.space.\"rrlfn.train.seed\"=[1, 2, 3]");
        UserError e = assertThrows(UserError.class, () -> SweepCommand.COMMAND.run(args,
                new PrintStream(new ByteArrayOutputStream())));
        assertEquals("rrlfn.sweep.concurrent = 2 trials x rrlfn.train.workers = 2 ranks need 4 task slots at once"
                + " (averaging = barrier holds a trial's ranks for a whole stage), but local[2] has 2: set"
                + " rrlfn.sweep.concurrent <= 1, fewer workers, or a master with more slots", e.getMessage());
        assertFalse(out.exists());
        Config dl4j = Settings.load(with(args, "train.averaging=dl4j"), Map.of()).config();
        SweepJob.checkSlots(SweepSettings.from(dl4j), dl4j);
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
