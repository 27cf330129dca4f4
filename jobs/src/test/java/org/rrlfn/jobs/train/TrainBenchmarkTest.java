package org.rrlfn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code benchmark-train}: noise sub-images in the prepared layout, timed averaging rounds per worker count and path.
 */
class TrainBenchmarkTest {
    @Test
    void printsARowPerWorkerCount() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        System.setOut(new PrintStream(b, true, StandardCharsets.UTF_8));
        try {
            TrainBenchmarkCommand.COMMAND.run(List.of("model.channels=8", "model.blocks=1", "model.esa-channels=4", "--master", "local[1]",
                    "--rounds", "1", "--batch", "2", "--hr-patch", "32", "--sub-image", "48", "benchmark.train-workers=[1]",
                    "train.averaging-frequency=1"), System.out);
        } finally {
            System.setOut(stdout);
        }
        String printed = b.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("workers") && printed.contains("patches/s"), printed);
        for (String path : List.of("barrier", "dl4j"))
            assertTrue(printed.lines().anyMatch(l -> l.matches("1 +" + path + " +\\d.*")),
                    "a row for 1 worker on the " + path + " path\n" + printed);
        assertTrue(printed.lines().anyMatch(l -> l.matches("1 +barrier .* 0")),
                "no barrier network built in the timed rounds\n" + printed);
    }
}
