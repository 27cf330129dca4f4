package org.rrlfn.model.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * tools/pytorch_rrlfn.py under Debian's python3-torch: the independent implementation tests compare with.
 * CI installs it and sets RRLFN_REQUIRE_TORCH=1, so tests that need it can never skip there.
 */
public final class PyTorch {
    static final String PYTHON = "/usr/bin/python3";
    static final Path SCRIPT = Path.of("..", "tools", "pytorch_rrlfn.py");

    private PyTorch() { }

    /** Skips the calling test where torch is missing, unless RRLFN_REQUIRE_TORCH=1 (then fails). */
    public static void requireOrSkip() throws Exception {
        boolean ok = new File(PYTHON).canExecute()
                && new ProcessBuilder(PYTHON, "-c", "import torch").start().waitFor() == 0;
        if ("1".equals(System.getenv("RRLFN_REQUIRE_TORCH")))
            assertTrue(ok, PYTHON + " with torch is required (apt-get install python3-torch)");
        Assumptions.assumeTrue(ok, "python3-torch not installed");
    }

    /** Runs the script's subcommand; fails the test with the script's output if it exits non-zero. */
    public static void run(String mode, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, SCRIPT.toString(), mode));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), log);
    }
}
