package org.rrlfn.common;

/**
 * The one user-error type of rrlfn: a mistake the user can fix (a wrong setting or argument, an output folder that
 * must not be written, data that cannot be used) or a check that failed; its message is meant for the user as is.
 * {@code org.rrlfn.jobs.Main} alone turns it into an exit code: 2, except for the few subclasses that need another
 * ({@code ExecutorWait.NoExecutors} 3; {@code PrepareFailed}, {@code BackendCheckCommand.Mismatch} and
 * {@code UpscaleCommand.InputsFailed} 1).
 */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
