package org.rrlfn.data.prepare;

import java.io.Serializable;

/** An input file left out of the prepared set, and why; listed in the manifest. */
public record Rejection(String file, String reason) implements Serializable { }
