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
import org.rrlfn.common.UserError;
import org.rrlfn.model.losses.LossConfig;

/** benchmark-memory on a tiny network: it trains, and reports this JVM's peak beside the model's figure. */
class MemoryBenchmarkCommandTest {
    @Test
    void reportsThePeakResidentSetOfItsStepsBesideTheModel() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MemoryBenchmarkCommand.COMMAND.run(List.of("--scale", "2", "--hr-patch", "32", "--batch", "2", "--steps", "1",
                "--loss", "l1+contrastive", "model.channels=8", "model.blocks=1", "model.esa-channels=4"),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("x2, HR crop 32, batch 2, l1\\+contrastive, 1 steps: peak RSS ([0-9.]+) GiB, model"
                + " ([0-9.]+) GiB").matcher(out);
        assertTrue(m.find(), out);
        // The surefire JVM has run other tests: its peak is at least the model's runtime share, never zero.
        assertTrue(Double.parseDouble(m.group(1)) > 0.1, out);
        assertTrue(out.contains("JavaCPP counted"), out);
    }

    @Test
    void namesTheLossesItKnows() {
        assertEquals("l1", MemoryBenchmarkCommand.loss("l1").type());
        UserError e = assertThrows(UserError.class, () -> MemoryBenchmarkCommand.loss("l2"));
        assertTrue(e.getMessage().contains("rrlfn.benchmark.memory-loss must be l1, l1+contrastive or inference"), e.getMessage());
    }
}
