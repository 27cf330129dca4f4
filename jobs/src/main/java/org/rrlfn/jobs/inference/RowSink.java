package org.rrlfn.jobs.inference;

import java.io.IOException;

/** Receives an upscaled image one output row at a time, top to bottom: interleaved 8-bit RGB. */
public interface RowSink {
    void write(byte[] rgb) throws IOException;
}
