package org.rrlfn.jobs.upscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;

/** {@code benchmark-upscale}: whole and tiled runs of both engines, one table row each. */
class UpscaleBenchmarkTest {
    @Test
    void oneRowPerEngineAndMode() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        UpscaleBenchmarkCommand.COMMAND.run(List.of("model.channels=8", "model.blocks=1", "model.esa-channels=4", "--master", "local[1]",
                "benchmark-upscale.lr-width=40", "benchmark-upscale.lr-height=32", "benchmark-upscale.images=1",
                "benchmark-upscale.tile=24"), new PrintStream(b, true, StandardCharsets.UTF_8));
        List<String> rows = b.toString(StandardCharsets.UTF_8).lines().filter(l -> l.matches("\\| (dl4j|onnx|DL4J|ONNX).*"))
                .toList();
        assertEquals(4, rows.size(), b.toString(StandardCharsets.UTF_8));
        assertTrue(rows.stream().anyMatch(r -> r.contains("| tiled | 24 |")), rows.toString());
        assertThrows(UserError.class, () -> UpscaleBenchmarkCommand.COMMAND.run(List.of("benchmark-upscale.lr-width=40",
                "benchmark-upscale.lr-height=32", "benchmark-upscale.tile=64"), System.out));
    }
}
