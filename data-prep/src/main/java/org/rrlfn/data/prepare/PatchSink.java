package org.rrlfn.data.prepare;

import java.io.IOException;

/** Receives aligned, augmented patch pairs as C×H×W floats in [0, 1]. */
interface PatchSink {
    void accept(int scale, float[][][] lr, float[][][] hr) throws IOException;
}
