package org.rrlfn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.jobs.DriverJvm;
import org.rrlfn.jobs.SyntheticSubImages;
import org.rrlfn.jobs.train.run.RunLayout;
import org.rrlfn.jobs.train.run.RunState;
import org.rrlfn.jobs.train.run.RunStore;

/**
 * The demo schedule end to end in a separate driver JVM on local[2]: all six stages run and the loss falls
 * in each; the driver is killed mid-stage and the same command, switched to the torch engine (an operational setting,
 * not the run's configuration), resumes from the checkpoint and finishes.
 */
class TrainResumeTest {
    @TempDir File dir;

    /**
     * The demo's six warm-start stages at the stage-defaults' iterations (the demo file gives its x4 stages 600 of
     * their own, which a user's stages list replaces).
     */
    private static final String SIX_STAGES = "[{name = x2-run1, scale = 2, init = scratch}, {name = x2-run2, scale = 2,"
            + " init = previous}, {name = x2-run3, scale = 2, init = previous}, {name = x4-run1, scale = 4, init = previous},"
            + " {name = x4-run2, scale = 4, init = previous}, {name = x4-run3-cl, scale = 4, init = previous,"
            + " loss = \"l1+contrastive\"}]";

    private List<String> command(File data, File run, String engine) {
        return DriverJvm.command(List.of("train", "train.engine=" + engine,
                "--data", data.getPath(), "--run", run.getPath(), "--profile", "demo",
                "model.channels=8", "model.blocks=1", "model.esa-channels=4",
                "train.batch-size=8", "train.hr-patch=64", "train.averaging-frequency=2", "train.checkpoint-every-rounds=3",
                "train.stage-defaults.iterations=24", "train.stage-defaults.lr-halving-period=16", "train.stage-defaults.lr=0.003",
                "train.validation-images=0", "train.contrastive.extractor-channels=[4, 4]", "train.stages=" + SIX_STAGES));
    }

    /** Runs the driver; if killAt is given, kills it (kill -9) as soon as a line containing it is printed. */
    private static List<String> drive(List<String> cmd, String killAt) throws IOException, InterruptedException {
        DriverJvm.Ended ended = DriverJvm.run(cmd, killAt, "KILL");
        if (killAt == null) assertEquals(0, ended.exit(), ended.log());
        return ended.lines();
    }

    @Test
    void demoScheduleRunsAllStagesAndResumesAfterTheDriverIsKilled() throws Exception {
        File data = new File(dir, "data"), run = new File(dir, "run");
        SyntheticSubImages.write(data, new int[]{2, 4}, 48, 80, 1);

        List<String> first = drive(command(data, run, "dl4j"), "checkpoint: stage x2-run2 round 6");
        assertTrue(first.stream().anyMatch(l -> l.contains("stage 1/6 x2-run1: finished")), String.join("\n", first));

        List<String> second = drive(command(data, run, "torch"), null);
        String log = String.join("\n", second);
        assertTrue(log.contains("stage 1/6 x2-run1: done earlier, skipped"), log);
        assertTrue(log.contains("stage 2/6 x2-run2: resuming at round 6 (iteration 12)"), log);
        assertTrue(log.contains("stage 6/6 x4-run3-cl: finished"), log);

        RunStore store = new RunStore(run.toURI().toString(), new Configuration());
        RunState state = RunState.load(store);
        assertEquals(List.of("x2-run1", "x2-run2", "x2-run3", "x4-run1", "x4-run2", "x4-run3-cl"), state.completed());
        for (String stage : state.completed()) {
            assertTrue(store.exists(RunLayout.finalModel(stage)), stage);
            List<RunState.MetricRow> rows = state.rowsOf(stage);
            assertEquals(12, rows.size(), stage + ": one row per round, none lost or doubled by the resume");
            double head = (rows.get(0).loss + rows.get(1).loss) / 2, tail = (rows.get(10).loss + rows.get(11).loss) / 2;
            assertTrue(tail < head, stage + ": loss " + head + " -> " + tail);
        }
    }
}
