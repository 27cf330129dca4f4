package org.rrlfn.jobs;

import java.io.PrintStream;
import org.rrlfn.common.StopPoint;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM as a user expects them of a driver: one line on stderr saying what stopped where (the
 * training stage and round, {@link StopPoint}) and, for a command that resumes, that the same command goes on; then
 * the JVM exits with 128 + the signal's number (130, 143), its shutdown hooks stopping Spark. What the stopped
 * command's threads throw meanwhile is the stop, not a failure, and is not printed ({@link Main#main}). A second
 * signal ends the JVM at once.
 */
final class SignalStop {
    private static volatile String command = "";
    private static volatile boolean resumes;
    private static volatile Signal received;

    private SignalStop() { }

    /** Handles INT and TERM from now on; the line goes to {@code err}. */
    static void install(PrintStream err) {
        for (String name : new String[]{"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), s -> stop(s, err));
            } catch (IllegalArgumentException e) {
                // The JVM keeps this signal to itself (-Xrs) or it was ignored when the JVM started: its default stands.
            }
        }
    }

    /** The command now running, and whether running it again goes on from where it stopped. */
    static void running(String name, boolean resumable) {
        command = name;
        resumes = resumable;
    }

    /** Whether a signal is stopping the JVM. */
    static boolean received() {
        return received != null;
    }

    /** For a thread that ended while the JVM stops: waits for the exit the signal began, printing nothing. */
    static void awaitExit() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // the exit goes on; so does the wait
            }
        }
    }

    private static void stop(Signal s, PrintStream err) {
        int code = 128 + s.getNumber();
        synchronized (SignalStop.class) {
            if (received != null) Runtime.getRuntime().halt(code);
            received = s;
        }
        err.println(line(command, s.getName(), StopPoint.now(), resumes));
        err.flush();
        System.exit(code);
    }

    /** "rrlfn train: stopped by SIGTERM at stage s round 3/10; the same command resumes". */
    static String line(String command, String signal, String where, boolean resumes) {
        return "rrlfn" + (command.isEmpty() ? "" : " " + command) + ": stopped by SIG" + signal
                + (where == null ? "" : " at " + where) + (resumes ? "; the same command resumes" : "");
    }
}
