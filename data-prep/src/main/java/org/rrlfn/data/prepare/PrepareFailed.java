package org.rrlfn.data.prepare;

/** The prepare job could not produce a usable set; the message says why (e.g. every input was rejected). */
public final class PrepareFailed extends RuntimeException {
    public PrepareFailed(String message) { super(message); }

    public PrepareFailed(String message, Throwable cause) { super(message, cause); }
}
