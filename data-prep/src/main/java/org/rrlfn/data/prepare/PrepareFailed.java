package org.rrlfn.data.prepare;

import org.rrlfn.common.UserError;




/** The prepare job could not produce a usable set; the message says why (e.g. every input was rejected). Exit 1. */
public final class PrepareFailed extends UserError {
    public PrepareFailed(String message) { super(message); }

    public PrepareFailed(String message, Throwable cause) { super(message, cause); }
}
