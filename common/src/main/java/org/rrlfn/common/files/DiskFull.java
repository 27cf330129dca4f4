package org.rrlfn.common.files;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.rrlfn.common.UserError;

/**
 * A write that found no space left, as one line naming the file (exit 2: free space, then run the same command
 * again; what was committed stays, as every file is written under a temporary name and renamed: train and upscale go
 * on from it, prepare starts its set again).
 * Hadoop's local file system reports a full disk as an {@code FSError} (an Error, not an IOException) wrapping
 * {@code IOException("No space left on device")}; HDFS as a {@code DSQuotaExceededException} or the same text from
 * the datanode. Neither names the file, so each writer names it here.
 */
public final class DiskFull extends UserError {
    private static final String NO_SPACE = "No space left on device";

    private DiskFull(String message, Throwable cause) {
        super(message, cause);
    }

    /** The full disk behind a failed write of {@code file}, or null when the failure was something else. */
    public static DiskFull of(Object file, Throwable failure) {
        for (Throwable t : causes(failure)) {
            if (t instanceof DiskFull d) return d;
            String m = String.valueOf(t.getMessage());
            if (m.contains(NO_SPACE) || t.getClass().getSimpleName().endsWith("QuotaExceededException"))
                return new DiskFull("cannot write " + file + ": no space left (" + t.getClass().getSimpleName() + ": "
                        + m.lines().findFirst().orElse("") + "); free space, then run the same command again: what was"
                        + " committed stays", failure);
        }
        return null;
    }

    /** For a writer's catch: throws the full disk behind its failure, naming {@code file}; returns otherwise. */
    public static void throwIfFull(Object file, Throwable failure) {
        DiskFull full = of(file, failure);
        if (full != null) throw full;
    }

    /** Writing one file. */
    @FunctionalInterface
    public interface Write {
        void run() throws IOException;
    }

    /** Runs a write of {@code file}; a full disk behind its failure is thrown as one line naming the file. */
    public static void naming(Object file, Write write) throws IOException {
        try {
            write.run();
        } catch (IOException | RuntimeException | Error e) {    // Error: Hadoop's local FSError
            throwIfFull(file, e);
            throw e;
        }
    }

    /** A full disk named by a writer somewhere in a failure's causes (Spark wraps a task's), or null. */
    public static DiskFull in(Throwable failure) {
        for (Throwable t : causes(failure)) if (t instanceof DiskFull d) return d;
        return null;
    }

    /** The failure and its causes, outermost first (a cause loop ends the list). */
    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) chain.add(t);
        return chain;
    }
}
