package org.rrlfn.jobs.inference;

import java.io.IOException;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.data.image.RgbTensors;
import org.rrlfn.data.image.UnusableImage;

/**
 * Upscales an image of any size tile by tile and hands the output to a {@link RowSink} row by row. The LR
 * image is read one band (a row of tiles) at a time; the only floats held are one band of output, which is final
 * above the next band's first row and is emitted then, while its overlap rows carry over to blend with the next band.
 */
public final class TiledUpscaler {
    /** Reads LR rows {@code y0 .. y0+rows-1}, full width. */
    public interface BandSource {
        Rgb8 read(int y0, int rows) throws UnusableImage;
    }

    private final TileEngine engine;
    private final int scale;
    private final int tile;
    private final int overlap;

    public TiledUpscaler(TileEngine engine, int scale, int tile, int overlap) {
        this.engine = engine;
        this.scale = scale;
        this.tile = tile;
        this.overlap = overlap;
    }

    public void run(BandSource source, int width, int height, RowSink sink) throws UnusableImage, IOException {
        TileAxis ax = new TileAxis(width, tile, overlap, scale);
        TileAxis ay = new TileAxis(height, tile, overlap, scale);
        int outW = width * scale;
        int bandRows = ay.tile * scale;
        int tileCols = ax.tile * scale;
        float[][] acc = new float[3][bandRows * outW];
        byte[] row = new byte[3 * outW];
        for (int j = 0; j < ay.count(); j++) {
            Rgb8 band = source.read(ay.starts[j], ay.tile);
            for (int i = 0; i < ax.count(); i++) {
                float[] sr = engine.upscale(band.crop(0, ax.starts[i], ay.tile, ax.tile));
                int x0 = ax.starts[i] * scale;
                for (int c = 0; c < 3; c++) {
                    float[] plane = acc[c];
                    for (int r = 0; r < bandRows; r++) {
                        float wy = ay.weight(j, r);
                        int src = (c * bandRows + r) * tileCols;
                        int dst = r * outW + x0;
                        for (int q = 0; q < tileCols; q++) plane[dst + q] += sr[src + q] * wy * ax.weight(i, q);
                    }
                }
            }
            int finalRows = j + 1 < ay.count() ? (ay.starts[j + 1] - ay.starts[j]) * scale : bandRows;
            for (int r = 0; r < finalRows; r++) {
                for (int x = 0; x < outW; x++)
                    for (int c = 0; c < 3; c++) row[3 * x + c] = (byte) RgbTensors.toByte(acc[c][r * outW + x]);
                sink.write(row);
            }
            for (float[] plane : acc) {   // the overlap rows move to the top; the rest starts again from zero
                System.arraycopy(plane, finalRows * outW, plane, 0, (bandRows - finalRows) * outW);
                java.util.Arrays.fill(plane, (bandRows - finalRows) * outW, plane.length, 0f);
            }
        }
    }
}
