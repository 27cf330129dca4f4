package org.rrlfn.jobs.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;
import org.rrlfn.data.PreparedLayout;
import org.rrlfn.jobs.DriverJvm;
import org.rrlfn.jobs.LocalSpark;
import org.rrlfn.jobs.SyntheticPhotos;
import org.rrlfn.jobs.SyntheticSubImages;
import org.rrlfn.jobs.train.TrainJob;
import org.rrlfn.jobs.train.config.TrainSettings;

/** A run trains every stage on one prepared set: a set replaced under it stops it, another name for it does not. */
class DataIdentityTest {
    @TempDir File dir;

    @Test
    void theSameSetUnderAnotherNameIsAcceptedAndAReplacedSetIsRefused() throws Exception {
        File data = new File(dir, "data");
        SyntheticSubImages.write(data, new int[]{2}, 4, 48, 1);
        RunStore store = new RunStore(new File(dir, "run").toURI().toString(), new Configuration());
        DataIdentity.check(store, data.getPath() + "/", new Configuration());
        assertTrue(store.exists(RunLayout.DATA_IDENTITY), "recorded at first use");
        DataIdentity.check(store, "file://" + data.getAbsolutePath(), new Configuration());

        Files.writeString(new File(data, PreparedLayout.MANIFEST).toPath(), "{\"prepared\": \"again\"}");
        UserError e = assertThrows(UserError.class, () -> DataIdentity.check(store, data.getPath(), new Configuration()));
        assertTrue(e.getMessage().contains("not the prepared set this run trains on")
                && e.getMessage().contains(RunLayout.DATA_IDENTITY), e.getMessage());
    }

    @Test
    void theDataIsCheckedBeforeTheRunRecordsItsConfigurationAndMayBeNamedOtherwiseOnResume() throws Exception {
        File data = new File(dir, "data"), run = new File(dir, "run");
        SyntheticSubImages.write(data, new int[]{2}, 16, 48, 3);
        JavaSparkContext sc = LocalSpark.start("data-identity");
        try {
            UserError crop = assertThrows(UserError.class, () -> TrainJob.run(sc, settings(data + "/", run, "train.hr-patch=200")));
            assertFalse(new File(run, RunLayout.RUN_CONFIG).exists(), "nothing recorded: " + crop.getMessage());
            TrainJob.run(sc, settings(data + "/", run, "train.hr-patch=32"));
            RunState done = TrainJob.run(sc, settings("file://" + data.getAbsolutePath(), run, "train.hr-patch=32"));
            assertEquals(List.of("s"), done.completed(), "the same folder by another name resumes the run");
        } finally {
            sc.close();
        }
    }

    private static TrainSettings settings(String data, File run, String patch) {
        return TrainSettings.from(Settings.load(List.of("train.data=" + data, "train.run=" + run.getPath(),
                "model.channels=8", "model.blocks=1", "model.esa-channels=4", "train.batch-size=8", patch,
                "train.averaging-frequency=2", "train.validation-images=0",
                "train.stages=[{name = s, scale = 2, init = scratch, iterations = 4}]"), java.util.Map.of()).config());
    }

    /**
     * Two real JVMs: `rrlfn prepare` replaces the data folder while `rrlfn train` trains on it. The train driver is then
     * killed, as a crash would; its resume (a third JVM) stops with exit 2 naming the change, and no stage completed
     * on the other set.
     */
    @Test
    void aSetPreparedAgainUnderARunningTrainStopsItsResumeWithExit2() throws Exception {
        File photos = new File(dir, "photos"), data = new File(dir, "data"), run = new File(dir, "run");
        SyntheticPhotos.write(photos, 3, 200, 160, 1);
        List<String> prepare = List.of("prepare", "--input", photos.getPath(), "--output", data.getPath(),
                "prepare.scales=[2]", "prepare.validation-images=0", "prepare.test-images=0",
                "prepare.sub-image-size=96", "prepare.sub-image-step=48", "spark.master=local[1]");
        assertEquals(0, run(prepare, "prepare-1.log"));

        List<String> train = DriverJvm.command(List.of("train", "--data", data.getPath(), "--run", run.getPath(),
                "model.channels=8", "model.blocks=1", "model.esa-channels=4", "train.batch-size=8", "train.hr-patch=32",
                "train.averaging-frequency=2", "train.validation-images=0", "train.checkpoint-every-rounds=1",
                "train.stages=[{name = s1, scale = 2, init = scratch, iterations = 100000},"
                        + " {name = s2, scale = 2, init = previous, iterations = 4}]"));
        File trainLog = new File(dir, "train-1.log");
        Process running = new ProcessBuilder(train).redirectErrorStream(true).redirectOutput(trainLog).start();
        try {
            File stage = new File(run, "stages/s1");
            for (int i = 0; i < 600 && running.isAlive() && !hasCheckpoint(stage); i++) Thread.sleep(500);
            assertTrue(running.isAlive() && hasCheckpoint(stage), Files.readString(trainLog.toPath()));

            SyntheticPhotos.write(photos, 4, 200, 160, 2);
            List<String> again = new ArrayList<>(prepare);
            again.add("prepare.overwrite=true");
            assertEquals(0, run(again, "prepare-2.log"), "nothing stops prepare itself");
            assertTrue(running.isAlive(), "stage s1 is still training: " + Files.readString(trainLog.toPath()));
        } finally {
            running.destroyForcibly().waitFor();
        }

        File resumeLog = new File(dir, "train-2.log");
        Process resume = new ProcessBuilder(train).redirectErrorStream(true).redirectOutput(resumeLog).start();
        assertTrue(resume.waitFor(10, TimeUnit.MINUTES), "resume did not end");
        String log = Files.readString(resumeLog.toPath(), StandardCharsets.UTF_8);
        assertEquals(2, resume.exitValue(), log);
        assertTrue(log.contains("is not the prepared set this run trains on"), log);
        assertFalse(new File(run, RunLayout.finalModel("s1")).exists(), "no stage finished on the new set");
    }

    private static boolean hasCheckpoint(File stage) {
        String[] names = stage.list();
        return names != null && List.of(names).stream().anyMatch(RunLayout::isCheckpoint);
    }

    private int run(List<String> args, String log) throws Exception {
        File file = new File(dir, log);
        Process p = new ProcessBuilder(DriverJvm.command(args)).redirectErrorStream(true).redirectOutput(file).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), log + " did not end");
        if (p.exitValue() != 0) System.err.println(Files.readString(file.toPath()));
        return p.exitValue();
    }
}
