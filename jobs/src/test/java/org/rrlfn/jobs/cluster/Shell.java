package org.rrlfn.jobs.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs a command as a user would in a shell, in the repository root, echoing and keeping its console output. */
final class Shell {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    record Result(int exit, List<String> lines, double seconds) {
        String text() {
            return String.join("\n", lines);
        }
    }

    private Shell() { }

    /** {@code bash -c line}: exactly what a user pastes, with only {@code env} added (empty for documented lines). */
    static Result bash(String line, Map<String, String> env, Consumer<String> onLine) throws IOException, InterruptedException {
        return run(ROOT.toFile(), List.of("bash", "-c", line), env, onLine);
    }

    /** As {@link #bash(String, Map, Consumer)}, in the folder {@code cwd}. */
    static Result bashIn(java.io.File cwd, String line, Consumer<String> onLine) throws IOException, InterruptedException {
        return run(cwd, List.of("bash", "-c", line), Map.of(), onLine);
    }

    static Result run(java.io.File cwd, List<String> cmd, Map<String, String> env, Consumer<String> onLine)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
                System.out.println("    | " + line);
                if (onLine != null) onLine.accept(line);
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd + "\n" + String.join("\n", lines));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("    (%s: exit %d in %.1f s)%n", cmd.get(cmd.size() - 1), p.exitValue(), seconds);
        return new Result(p.exitValue(), lines, seconds);
    }
}
