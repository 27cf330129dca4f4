package org.rrlfn.jobs.inference;

import org.rrlfn.data.image.Rgb8;

/** One loaded network that upscales LR tiles; not thread-safe, one per concurrently running task. */
public interface TileEngine extends AutoCloseable {
    /** The SR tile as planar floats {@code [3][s·h][s·w]} (nominally [0, 1], not clipped). */
    float[] upscale(Rgb8 lr);

    @Override
    void close();
}
