package org.rrlfn.jobs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.rrlfn.common.spark.SparkContexts;

/** A command of {@code Main} in its own driver JVM, as bin/rrlfn starts one, on this test's class path. */
public final class DriverJvm {
    private DriverJvm() { }

    /** What a driver printed (stdout and stderr as they interleaved) and how it exited. */
    public record Ended(int exit, List<String> lines) {
        public String log() { return String.join("\n", lines); }
    }

    public static List<String> command(List<String> args) {
        return command(List.of(), args);
    }

    /** @param jvmOptions more options for the driver JVM ({@code -Dkey=value}) */
    public static List<String> command(List<String> jvmOptions, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx3g"));
        cmd.addAll(List.of(SparkContexts.executorJavaOptions().split(" ")));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.rrlfn.jobs.Main"));
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Runs {@code command} to its end. When {@code at} is given, the driver is sent {@code signal} (kill(1)'s name:
     * TERM, INT, KILL) as soon as it prints a line containing {@code at}; what it prints after that is read too.
     */
    public static Ended run(List<String> command, String at, String signal) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        boolean sent = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
                if (!sent && at != null && line.contains(at)) {
                    new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
                    sent = true;
                }
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) p.destroyForcibly();
        assertTrue(!p.isAlive(), "driver did not end:\n" + String.join("\n", lines));
        assertTrue(at == null || sent, "never printed '" + at + "':\n" + String.join("\n", lines));
        return new Ended(p.exitValue(), lines);
    }
}
