package org.rrlfn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** README's help commands, run exactly as written with the real bin/rrlfn and the packaged jar. */
class MainIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    /** The README's bash block that shows the --help forms, one command a line. */
    static List<String> readmeHelpBlock() {
        return Docs.blockWith("README.md", "bin/rrlfn --help");
    }

    private static String bash(String line) throws Exception {
        // stdout is what the command prints; the launcher's own notes (a build) go to stderr, shown with the test's.
        Process p = new ProcessBuilder("bash", "-c", line).directory(ROOT.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).redirectInput(new File("/dev/null")).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), line);
        assertEquals(0, p.exitValue(), line + "\n" + out);
        return out;
    }

    @Test
    void readmeHelpCommandsRunAsWrittenAndExit0() throws Exception {
        List<String> block = readmeHelpBlock();
        assertTrue(block.stream().anyMatch(l -> l.startsWith("bin/rrlfn --help")), block.toString());
        assertTrue(block.stream().anyMatch(l -> l.startsWith("bin/rrlfn train --help")), block.toString());
        assertTrue(block.stream().anyMatch(l -> l.startsWith("bin/rrlfn --version")), block.toString());
        for (String line : block) {
            String out = bash(line);
            if (line.startsWith("bin/rrlfn --help")) {
                for (var c : Main.COMMANDS) assertTrue(out.contains(c.name()), c.name() + "\n" + out);
                assertTrue(out.contains("Exit codes:"), out);
            } else if (line.startsWith("bin/rrlfn train --help")) {
                assertTrue(out.contains("--force-config-change") && out.contains("rrlfn.train.data = ")
                        && out.contains("# Root written by `rrlfn prepare`"), out);
            } else if (line.startsWith("bin/rrlfn --version")) {
                assertEquals("rrlfn " + MainTest.projectVersion(), out.strip());
            }
        }
    }
}
