package org.rrlfn.data.image;

/** A file that cannot serve as a training image; the message is the reason, as listed in the manifest. */
public final class UnusableImage extends Exception {
    public UnusableImage(String reason) { super(reason); }

    public UnusableImage(String reason, Throwable cause) { super(reason, cause); }
}
