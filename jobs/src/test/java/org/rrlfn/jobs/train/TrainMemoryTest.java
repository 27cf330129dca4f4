package org.rrlfn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.CommandLines;
import org.rrlfn.common.config.Settings;
import org.rrlfn.jobs.memory.MemoryCheck;
import org.rrlfn.jobs.memory.WorkerBudget;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.config.TrainSettings;
import org.rrlfn.model.memory.StepMemory;

/**
 * train's memory check, before Spark starts: executors of spark-defaults.conf's size (2g + 2g overhead, one task
 * each) cannot hold the full profile's step at 2 workers (32 HR crops of 256 each, about 30 GiB by the model) but
 * hold the demo's (16 crops of 96, under 3 GiB).
 */
class TrainMemoryTest {
    @TempDir Path dir;

    private List<String> args(String... more) {
        List<String> a = new ArrayList<>(List.of("--data", dir.resolve("data").toString(), "--run",
                dir.resolve("run").toString(), "--master", "spark://127.0.0.1:1", "--workers", "2",
                "spark.conf.\"spark.executor.memory\"=2g", "spark.conf.\"spark.executor.memoryOverhead\"=2g"));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void aStepTooLargeForTheExecutorsStopsBeforeSparkStartsWithTheNumbersAndTheWaysOut() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        UserError e = assertThrows(UserError.class, () -> TrainCommand.COMMAND.run(args(), out));
        String m = e.getMessage();
        assertTrue(m.startsWith("not enough memory for stage x2-run1 (x2, HR crop 256, 32 per worker, l1): each executor"
                + " needs "), m);
        assertTrue(m.contains("each executor has 4.00 GiB (spark.executor.memory 2.00 GiB + spark.executor.memoryOverhead"
                + " 2.00 GiB; 1 task(s) at once"), m);
        assertTrue(m.contains("Ways out: a smaller crop, rrlfn.train.hr-patch="), m);
        assertTrue(m.contains("--profile demo ("), m);
        assertTrue(m.contains("more workers, rrlfn.train.workers="), m);
        assertTrue(m.contains("larger executors: spark.executor.memory + spark.executor.memoryOverhead >= "), m);
        assertTrue(m.contains("--ignore-memory-check"), m);
        // Before Spark: the check threw it, and the run folder (claimed once Spark runs) was not made. With Spark
        // started first the driver would instead wait for an executor of the master at port 1, which never comes.
        assertTrue(Arrays.stream(e.getStackTrace()).anyMatch(f -> f.getClassName().equals(TrainMemory.class.getName())));
        assertFalse(Files.exists(dir.resolve("run")));
    }

    /**
     * The run that exhausted a 2-core, 24 GiB AVX2 machine: the default profile's x4 stage, 32 crops of 256 per worker,
     * both workers in local[2], where the check saw 22.47 GiB (MemAvailable 22.0 + the JVM's 0.47) and RSS reached
     * 22.4 GB. Reproduced with oneDNN held to AVX2 here: RSS passed 19.3 GiB in 31 s. Now refused, and one worker fits.
     */
    @Test
    void theX4StageThatExhaustedAnAvx2MachineIsRefusedThere() {
        List<String> x4 = List.of("--data", dir.resolve("data").toString(), "--run", dir.resolve("run").toString(),
                "train.stages=[{name = t, scale = 4, init = scratch, iterations = 10}]", "train.validation-images=0");
        TrainSettings s = TrainSettings.from(CommandLines.parse(TrainCommand.COMMAND, x4).config());
        long gib = 1L << 30;
        WorkerBudget machine = WorkerBudget.of(new org.apache.spark.SparkConf(false).setMaster("local[2]"), 2,
                22 * gib, Math.round(0.47 * gib));
        assertFalse(MemoryCheck.fits(TrainMemory.needs(s, ""), machine), machine.toString());
        assertTrue(MemoryCheck.fits(TrainMemory.needs(s, ""), machine.withJobWorkers(1)), "one worker's step fits");
    }

    /**
     * Every way out the refusal names is a setting train accepts and that fits the same executors. Executors that hold
     * a x2 step of HR crop 32 but not of 48 are offered crop 32; those that hold 16 but not 32 are offered no crop
     * (16, an LR crop of 8 px, train refuses) and not the demo profile (crop 96); below the runtime alone nothing fits.
     */
    @Test
    void theWaysOutAreSettingsTrainAcceptsAndThatFit() {
        List<String> x2 = args("train.stages=[{name = s, scale = 2, init = scratch, iterations = 8}]");
        Settings.Loaded loaded = CommandLines.parse(TrainCommand.COMMAND, x2);
        TrainSettings s = TrainSettings.from(loaded.config());
        Stage stage = s.stages().get(0);
        java.util.function.IntToLongFunction total = crop -> StepMemory.training(s.engine(), s.architecture().withScale(2),
                stage.loss(), crop, s.batchSizePerWorker()).total();
        for (long bytes : new long[]{(total.applyAsLong(32) + total.applyAsLong(48)) / 2,
                (total.applyAsLong(16) + total.applyAsLong(32)) / 2, total.applyAsLong(16) / 4}) {
            WorkerBudget budget = new WorkerBudget("each executor", 1, 1, bytes, "a test's");
            String ways = TrainMemory.waysOut(s, TrainMemory.demo(loaded, "full"), budget);
            assertEquals(bytes > total.applyAsLong(32), ways.contains("rrlfn.train.hr-patch=32 "), ways);
            Matcher m = Pattern.compile("(rrlfn\\.train\\.[a-z-]+)=(\\d+)").matcher(ways);
            while (m.find()) {
                List<String> with = new ArrayList<>(x2);
                with.add(m.group());
                TrainSettings proposed = TrainSettings.from(CommandLines.parse(TrainCommand.COMMAND, with).config());
                assertTrue(MemoryCheck.fits(TrainMemory.needs(proposed, ""), budget.withJobWorkers(proposed.workers())),
                        m.group() + " does not fit " + bytes + " bytes: " + ways);
            }
            if (ways.contains("--profile demo")) {
                List<String> with = new ArrayList<>(x2);
                with.addAll(List.of("--profile", "demo"));
                Config demo = TrainSettings.withProfile(CommandLines.parse(TrainCommand.COMMAND, with), "demo");
                assertTrue(MemoryCheck.fits(TrainMemory.needs(TrainSettings.from(demo), ""), budget),
                        "--profile demo does not fit " + bytes + " bytes: " + ways);
            }
        }
    }

    @Test
    void theDemoProfileFitsTheSameExecutors() {
        Settings.Loaded loaded = CommandLines.parse(TrainCommand.COMMAND, args("--profile", "demo"));
        Config demo = TrainSettings.withProfile(loaded, "demo");
        TrainMemory.check(demo, TrainSettings.from(demo), null);
    }

    @Test
    void toldToGoOnTheCheckOnlyLogs() {
        Settings.Loaded loaded = CommandLines.parse(TrainCommand.COMMAND, args("--ignore-memory-check"));
        TrainMemory.check(loaded.config(), TrainSettings.from(loaded.config()), null);
    }

    /** In one JVM (local[N]) the workers share the machine: a crop of 4096 at batch 64 needs terabytes. */
    @Test
    void aLocalMasterIsCheckedAgainstTheMachinesFreeMemory() {
        List<String> a = List.of("--data", dir.resolve("data").toString(), "--run", dir.resolve("run").toString(),
                "--master", "local[2]", "--workers", "2", "train.hr-patch=4096");
        Settings.Loaded loaded = CommandLines.parse(TrainCommand.COMMAND, a);
        UserError e = assertThrows(UserError.class, () -> TrainMemory.check(loaded.config(),
                TrainSettings.from(loaded.config()), null));
        assertTrue(e.getMessage().contains("local[2]: this JVM needs ") && e.getMessage().contains("(MemAvailable)")
                && e.getMessage().contains("a cluster, whose executors each need "), e.getMessage());
    }
}
