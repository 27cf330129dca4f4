package org.rrlfn.common.log;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one progress channel of every command: a line for people watching a job goes to the slf4j logger
 * {@value #LOGGER} at INFO, the same channel as the {@code LoggerFactory} loggers of prepare, upscale, the output
 * folders and the executors. bin/rrlfn and cluster-conf/submit.sh configure it with log4j2 (Spark's binding:
 * {@code jobs/src/main/resources/log4j2.properties}, {@code cluster-conf/log4j2.properties}): time-stamped lines on
 * stderr, {@code org.rrlfn} at INFO, libraries at WARN; tests use {@code log4j2-test.properties}.
 * <p>
 * Why slf4j and not stdout: the executor side (prepare's partitions, upscale's tasks) and Spark itself can only
 * log, and on a cluster their lines are routed by the log configuration, not by a JVM's stdout; putting the
 * driver's progress there too keeps one ordered, configurable story with one time format. stdout stays for a
 * command's results (tables, metric values, usage), so {@code rrlfn pipeline > results.md} keeps just the table.
 */
public final class Console {
    /** The progress logger's name (log configurations set {@code org.rrlfn} to INFO). */
    public static final String LOGGER = "org.rrlfn";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private Console() { }

    public static void info(String format, Object... args) {
        if (LOG.isInfoEnabled()) LOG.info(String.format(format, args));
    }

    /**
     * A stream whose every line becomes a progress line: for running a command whose stdout report is, inside
     * another command, progress (pipeline's photo downscaling).
     */
    public static PrintStream lines() {
        return new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                if (b == '\n') emit();
                else line.write(b);
            }

            @Override
            public void close() {
                if (line.size() > 0) emit();
            }

            private void emit() {
                String s = line.toString(StandardCharsets.UTF_8);
                line.reset();
                LOG.info(s.endsWith("\r") ? s.substring(0, s.length() - 1) : s);
            }
        }, true, StandardCharsets.UTF_8);
    }

    /** 75 -> "1m15s"; rounds to whole seconds. */
    public static String duration(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        if (s >= 3600) return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
        if (s >= 60) return String.format("%dm%02ds", s / 60, s % 60);
        return s + "s";
    }
}
