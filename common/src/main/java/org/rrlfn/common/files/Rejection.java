package org.rrlfn.common.files;

import java.io.Serializable;

/** An input file a command left out (prepare: listed in the manifest; upscale: in its report), and why. */
public record Rejection(String file, String reason) implements Serializable { }
