package org.rrlfn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** ND4J's "Added differentiated op" lines are dropped from stdout; everything else passes. */
class QuietStdoutTest {
    @Test
    void dropsExactlySameDiffsNoise() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (QuietStdout out = new QuietStdout(b)) {
            out.println("| table |");
            out.println("Added differentiated op conv2d_3");
            out.println((String) null);
            out.println("said: Added differentiated op");
            out.print("no newline");
        }
        assertEquals("| table |\nnull\nsaid: Added differentiated op\nno newline",
                b.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }
}
