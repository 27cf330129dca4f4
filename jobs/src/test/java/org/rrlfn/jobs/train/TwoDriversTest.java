package org.rrlfn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.files.FolderLock;
import org.rrlfn.jobs.DriverJvm;
import org.rrlfn.jobs.SyntheticSubImages;
import org.rrlfn.jobs.train.run.RunState;
import org.rrlfn.jobs.train.run.RunStore;

/** Two `rrlfn train` driver JVMs started together on one run folder: one trains, the other is turned away. */
class TwoDriversTest {
    @TempDir File dir;

    @Test
    void theSecondDriverOnARunFolderStopsWithExit2NamingTheFirst() throws Exception {
        File data = new File(dir, "data"), run = new File(dir, "run");
        SyntheticSubImages.write(data, new int[]{2}, 16, 48, 5);
        List<String> cmd = DriverJvm.command(List.of("train", "--data", data.getPath(), "--run", run.getPath(),
                "model.channels=8", "model.blocks=1", "model.esa-channels=4", "train.batch-size=8", "train.hr-patch=32",
                "train.averaging-frequency=2", "train.validation-images=0", "train.checkpoint-every-rounds=2",
                "train.stages=[{name = s, scale = 2, init = scratch, iterations = 60}]"));
        File logA = new File(dir, "a.log"), logB = new File(dir, "b.log");
        Process a = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logA).start();
        Process b = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logB).start();
        assertTrue(a.waitFor(10, TimeUnit.MINUTES) && b.waitFor(10, TimeUnit.MINUTES), "drivers did not end");

        Process winner = a.exitValue() == 0 ? a : b, loser = winner == a ? b : a;
        String loserLog = Files.readString((loser == a ? logA : logB).toPath(), StandardCharsets.UTF_8);
        String winnerLog = Files.readString((winner == a ? logA : logB).toPath(), StandardCharsets.UTF_8);
        assertEquals(0, winner.exitValue(), winnerLog);
        assertEquals(2, loser.exitValue(), loserLog);
        assertTrue(loserLog.contains("is in use: locked by rrlfn train (pid " + winner.pid()), loserLog);

        RunState state = RunState.load(new RunStore(run.toURI().toString(), new Configuration()));
        assertEquals(List.of("s"), state.completed());
        assertEquals(30, state.rowsOf("s").size(), "one row per round, none doubled");
        assertFalse(new File(run, FolderLock.NAME).exists(), "lock released");
        try (Stream<java.nio.file.Path> files = Files.walk(run.toPath())) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString())
                    .filter(n -> RunStore.TEMPORARY.matcher(n).matches()).toList(), "no temporary file left");
        }
    }
}
