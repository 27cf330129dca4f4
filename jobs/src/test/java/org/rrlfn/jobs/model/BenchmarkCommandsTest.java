package org.rrlfn.jobs.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;

/** {@code backend-check} and {@code benchmark-model} on a tiny network: what they print and refuse. */
class BenchmarkCommandsTest {
    private static final List<String> TINY = List.of("model.channels=8", "model.blocks=1", "model.esa-channels=4");
    @TempDir File dir;

    private static String run(java.util.function.Consumer<PrintStream> command) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        command.accept(new PrintStream(b, true, StandardCharsets.UTF_8));
        return b.toString(StandardCharsets.UTF_8);
    }

    private static List<String> tiny(String... more) {
        List<String> args = new java.util.ArrayList<>(TINY);
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void backendCheckSavesReferenceOutputsAndTheSameBackendMatchesThem() {
        File ref = new File(dir, "ref");
        String saved = run(out -> BackendCheckCommand.COMMAND.run(tiny("--save", ref.getPath(), "backend-check.lr-size=24"), out));
        assertTrue(saved.startsWith("ND4J backend "), saved);
        assertTrue(ref.isDirectory() && ref.list().length > 0, "reference written");
        String compared = run(out -> BackendCheckCommand.COMMAND.run(List.of("--compare", ref.getPath()), out));
        assertTrue(compared.startsWith("ND4J backend "), compared);
        assertThrows(UserError.class, () -> BackendCheckCommand.COMMAND.run(List.of(), System.out), "neither --save nor --compare");
    }

    @Test
    void modelBenchmarkTimesTrainingAndInferenceForEachForm() {
        String printed = run(out -> ModelBenchmarkCommand.COMMAND.run(tiny("--repeats", "1", "--batch", "1", "--hr-patch", "32",
                "--lr-size", "24"), out));
        assertTrue(printed.startsWith("ND4J backend "), printed);
        assertTrue(printed.lines().count() > 2, printed);
        assertThrows(UserError.class, () -> ModelBenchmarkCommand.COMMAND.run(tiny("--scale", "4", "--hr-patch", "30"), System.out));
    }
}
