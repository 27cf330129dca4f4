package org.rrlfn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a driver ends when it cannot go on or is told to stop, as a user sees it in its own JVM: one line saying why
 * (and, stopped by a signal ({@link SignalStop}), where it stood and that the same command resumes), its exit code,
 * and no stack trace.
 */
class DriverEndingsTest {
    @TempDir File dir;

    /** No line of a stack trace, and no library error line: the driver's one line says it all. */
    private static void assertNoStackTrace(DriverJvm.Ended ended) {
        for (String line : ended.lines())
            assertTrue(!line.matches("\\s+at .*") && !line.startsWith("Caused by") && !line.contains(" ERROR ")
                    && !line.startsWith("Exception in thread"), "'" + line + "' in:\n" + ended.log());
    }

    private static List<String> lines(DriverJvm.Ended ended, String prefix) {
        return ended.lines().stream().filter(l -> l.startsWith(prefix)).toList();
    }

    /** A disk that fills while prepare writes its shards: exit 2 and one line naming the file (452 stack lines before). */
    @Test
    void prepareOnAFullDiskExits2WithOneLine() throws Exception {
        File photos = new File(dir, "photos");
        SyntheticPhotos.write(photos, 3, 300, 300, 1);
        List<List<String>> fullfs = FullDiskFileSystem.driver(600_000);
        List<String> args = new ArrayList<>(List.of("prepare", "--input", photos.getPath(),
                "--output", FullDiskFileSystem.uri(new File(dir, "out").toPath()), "--master", "local[2]",
                "prepare.scales=[2]", "prepare.validation-images=1", "prepare.test-images=0",
                "prepare.sub-image-size=96", "prepare.sub-image-step=48"));
        args.addAll(fullfs.get(1));
        DriverJvm.Ended ended = DriverJvm.run(DriverJvm.command(fullfs.get(0), args), null, null);
        assertEquals(2, ended.exit(), ended.log());
        List<String> said = lines(ended, "rrlfn prepare:");
        assertEquals(1, said.size(), ended.log());
        assertTrue(said.get(0).contains("no space left") && said.get(0).contains(new File(dir, "out").getPath()),
                said.get(0));
        assertNoStackTrace(ended);
    }

    private List<String> trainCommand(File data, File run) {
        return DriverJvm.command(List.of("train", "--data", data.getPath(), "--run", run.getPath(),
                "--master", "local[2]", "model.channels=8", "model.blocks=1", "model.esa-channels=4",
                "train.batch-size=8", "train.hr-patch=32", "train.averaging-frequency=2", "train.validation-images=0",
                "train.checkpoint-every-rounds=2", "train.stages=[{name = s, scale = 2, init = scratch, iterations = 20}]"));
    }

    /**
     * SIGTERM mid-stage: exit 143, one line naming the stage and round and that the same command resumes; and it
     * does: the same command goes on from the last checkpoint to the end.
     */
    @Test
    void trainStoppedBySigtermSaysWhereAndTheSameCommandResumes() throws Exception {
        File data = new File(dir, "data"), run = new File(dir, "run");
        SyntheticSubImages.write(data, new int[]{2}, 16, 48, 5);
        DriverJvm.Ended stopped = DriverJvm.run(trainCommand(data, run), "round 5/10", "TERM");
        assertEquals(143, stopped.exit(), stopped.log());
        List<String> said = lines(stopped, "rrlfn train:");
        assertEquals(1, said.size(), stopped.log());
        assertTrue(said.get(0).matches("rrlfn train: stopped by SIGTERM at stage s round \\d+/10; the same command"
                + " resumes.*"), said.get(0));
        assertNoStackTrace(stopped);

        DriverJvm.Ended resumed = DriverJvm.run(trainCommand(data, run), null, null);
        assertEquals(0, resumed.exit(), resumed.log());
        assertTrue(resumed.log().contains("stage 1/1 s: resuming at round ") && resumed.log().contains("s: finished"),
                resumed.log());
    }

    /** SIGINT (Ctrl-C) during a sweep's trial: exit 130 and one line naming the trial, its stage and round. */
    @Test
    void aSweepStoppedBySigintSaysWhichTrialAndWhere() throws Exception {
        // A process started with SIGINT ignored (a background job without job control) passes that on, and its JVM
        // then cannot handle it: nothing to test there.
        long ignored = Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("SigIgn:")).mapToLong(l -> Long.parseUnsignedLong(l.substring(7).trim(), 16))
                .findFirst().orElse(0);
        org.junit.jupiter.api.Assumptions.assumeTrue((ignored & 2) == 0, "SIGINT is ignored in this test's JVM");
        File data = SyntheticSubImages.withValidation(new File(dir, "prepared")), out = new File(dir, "sweep");
        DriverJvm.Ended stopped = DriverJvm.run(DriverJvm.command(List.of("sweep", "--output", out.getPath(),
                "spark.master=local[2]", "train.data=" + data.getPath(), "model.channels=8", "model.blocks=1",
                "model.esa-channels=4", "train.batch-size=8", "train.hr-patch=32", "train.averaging-frequency=2",
                "train.validation-images=1", "sweep.stages=[{name = trial, scale = 2, init = scratch, iterations = 20}]",
                "sweep.space.\"rrlfn.train.seed\"=[1, 2]")), "round 3/10", "INT");
        assertEquals(130, stopped.exit(), stopped.log());
        List<String> said = lines(stopped, "rrlfn sweep:");
        assertEquals(1, said.size(), stopped.log());
        assertTrue(said.get(0).matches("rrlfn sweep: stopped by SIGINT at trial-000 stage trial round \\d+/10; the same"
                + " command resumes.*"), said.get(0));
        assertNoStackTrace(stopped);
    }
}
