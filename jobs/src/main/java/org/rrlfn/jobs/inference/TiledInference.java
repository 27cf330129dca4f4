package org.rrlfn.jobs.inference;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.data.image.UnusableImage;

/**
 * An in-memory image upscaled tile by tile through a DL4J graph: what evaluation uses, so that a 2560-px photo
 * costs a tile's activations, not the whole image's (tens of GB at 48 channels).
 */
public final class TiledInference {
    private TiledInference() { }

    public static Rgb8 upscale(ComputationGraph graph, Rgb8 lr, int scale, int tile, int overlap) {
        int outW = lr.width() * scale;
        Rgb8 out = Rgb8.blank(outW, lr.height() * scale);
        int[] next = {0};
        RowSink rows = rgb -> {
            int y = next[0]++;
            for (int x = 0; x < outW; x++)
                for (int c = 0; c < 3; c++) out.set(c, y, x, rgb[3 * x + c] & 0xff);
        };
        try {
            new TiledUpscaler(new Dl4jTileEngine(graph), scale, tile, overlap)
                    .run((y0, n) -> lr.crop(y0, 0, n, lr.width()), lr.width(), lr.height(), rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UnusableImage e) {
            throw new IllegalStateException("in-memory image cannot be unusable", e);
        }
        return out;
    }
}
