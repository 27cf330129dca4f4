package org.rrlfn.jobs.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rrlfn.common.UserError;
import org.rrlfn.model.Engine;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.losses.LossConfig;
import org.rrlfn.model.memory.StepMemory;

/** benchmark-memory on a tiny network: it trains, and reports this JVM's peak beside the model's figure. */
class MemoryBenchmarkCommandTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void reportsThePeakResidentSetOfItsWorkersStepsBesideTheModel(int workers) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MemoryBenchmarkCommand.COMMAND.run(List.of("--scale", "2", "--hr-patch", "32", "--batch", "2", "--steps", "2",
                "--loss", "l1+contrastive", "--workers", String.valueOf(workers), "model.channels=8", "model.blocks=1",
                "model.esa-channels=4"), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        String who = workers == 1 ? "1 worker" : workers + " workers at once";
        Matcher m = Pattern.compile("x2, HR crop 32, batch 2, l1\\+contrastive, 2 steps on dl4j, " + who
                + ": peak RSS ([0-9.]+) GiB, model ([0-9.]+) GiB").matcher(out);
        assertTrue(m.find(), out);
        // The surefire JVM has run other tests: its peak is at least the model's runtime share, never zero.
        assertTrue(Double.parseDouble(m.group(1)) > 0.1, out);
        StepMemory one = StepMemory.training(Engine.DL4J, RrlfnConfig.paper(2).withWidth(8, 1, 4),
                LossConfig.l1().withType("l1+contrastive"), 32, 2);
        assertEquals(StepMemory.gib(one.runtime() + workers * one.perWorker()), m.group(2) + " GiB",
                "the bound of " + who + " in one JVM");
        assertTrue(out.contains("JavaCPP counted"), out);
    }

    @Test
    void namesTheLossesItKnows() {
        assertEquals("l1", MemoryBenchmarkCommand.loss("l1").type());
        UserError e = assertThrows(UserError.class, () -> MemoryBenchmarkCommand.loss("l2"));
        assertTrue(e.getMessage().contains("rrlfn.benchmark.memory-loss must be l1, l1+contrastive or inference"), e.getMessage());
    }
}
