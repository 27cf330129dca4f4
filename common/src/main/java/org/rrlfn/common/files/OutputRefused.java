package org.rrlfn.common.files;

import org.rrlfn.common.config.Settings;

/** A command will not write where it was told to (a stranger's folder, a locked one); nothing was changed. */
public final class OutputRefused extends Settings.Invalid {
    public OutputRefused(String message) { super(message); }
}
