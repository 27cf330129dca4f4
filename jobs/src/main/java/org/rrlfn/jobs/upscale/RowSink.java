package org.rrlfn.jobs.upscale;

import java.io.IOException;

/** Receives an upscaled image one output row at a time, top to bottom: interleaved 8-bit RGB. */
interface RowSink {
    void write(byte[] rgb) throws IOException;
}
