package org.rrlfn.jobs.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rrlfn.data.image.ImageCodec;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.jobs.upscale.PngRowWriter;
import org.rrlfn.jobs.upscale.SyntheticPhoto;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;

/** Tiling against the whole-image result, and the streaming PNG writer against ImageIO's reader. */
class TiledUpscalerTest {
    private static final int TILE = 48;
    private static final int OVERLAP = 12;
    private static TileEngine engine;

    @BeforeAll
    static void network() {
        engine = new Dl4jTileEngine(RrlfnModels.create(RrlfnConfig.paper(2).withWidth(16, 2, 8)
                .withForm(RrlfnConfig.Form.DEPLOY), 3));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void tiledMatchesWholeWithoutSeams() throws Exception {
        Rgb8 lr = SyntheticPhoto.create(150, 110, 5);
        Rgb8 whole = upscale(lr, 1000, 0);
        Rgb8 tiled = upscale(lr, TILE, OVERLAP);
        double mse = 0;
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < whole.height(); y++)
                for (int x = 0; x < whole.width(); x++) mse += sq(whole.get(c, y, x) - tiled.get(c, y, x));
        mse /= 3.0 * whole.width() * whole.height();
        double psnr = 10 * Math.log10(255.0 * 255.0 / Math.max(mse, 1e-12));
        assertTrue(stdDev(whole) > 5, "the random network must produce a textured image for this test to mean anything");
        assertTrue(psnr >= 45, "tiled vs whole PSNR " + psnr + " dB");

        // Tile edges in output pixels (both edges of every tile), versus every row/column of the image.
        TileAxis ax = new TileAxis(lr.width(), TILE, OVERLAP, 2), ay = new TileAxis(lr.height(), TILE, OVERLAP, 2);
        double[] rowSteps = steps(tiled, true), colSteps = steps(tiled, false);
        assertNoSeam(rowSteps, ay, "row");
        assertNoSeam(colSteps, ax, "column");
    }

    @Test
    void edgeTilesAreShiftedInwardAtFullSize() {
        TileAxis a = new TileAxis(100, 48, 12, 2);
        assertArrayEquals(new int[]{0, 36, 52}, a.starts);
        assertEquals(48, a.tile);
        TileAxis small = new TileAxis(30, 48, 12, 2);
        assertArrayEquals(new int[]{0}, small.starts);
        assertEquals(30, small.tile);
        for (int x = 0; x < 200; x++) {   // weights of the tiles covering an output pixel sum to 1
            double sum = 0;
            for (int i = 0; i < a.count(); i++) {
                int d = x - a.starts[i] * 2;
                if (d >= 0 && d < a.tile * 2) sum += a.weight(i, d);
            }
            assertEquals(1.0, sum, 1e-5, "output pixel " + x);
        }
    }

    @Test
    void streamedPngDecodesToTheSamePixels() throws Exception {
        Rgb8 img = SyntheticPhoto.create(70, 33, 9);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PngRowWriter png = new PngRowWriter(bytes, img.width(), img.height())) {
            byte[] row = new byte[3 * img.width()];
            for (int y = 0; y < img.height(); y++) {
                for (int x = 0; x < img.width(); x++)
                    for (int c = 0; c < 3; c++) row[3 * x + c] = (byte) img.get(c, y, x);
                png.write(row);
            }
        }
        Rgb8 back = ImageCodec.read(bytes.toByteArray());
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < img.height(); y++) assertArrayEquals(img.planes()[c][y], back.planes()[c][y]);
    }

    static Rgb8 upscale(Rgb8 lr, int tile, int overlap) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PngRowWriter png = new PngRowWriter(bytes, lr.width() * 2, lr.height() * 2)) {
            new TiledUpscaler(engine, 2, tile, overlap).run((y0, rows) -> lr.crop(y0, 0, rows, lr.width()),
                    lr.width(), lr.height(), png);
        }
        return ImageCodec.read(bytes.toByteArray());
    }

    /** Mean absolute difference between each row (or column) and the one before it; index 0 unused. */
    private static double[] steps(Rgb8 img, boolean rows) {
        int n = rows ? img.height() : img.width(), m = rows ? img.width() : img.height();
        double[] out = new double[n];
        for (int i = 1; i < n; i++) {
            double s = 0;
            for (int c = 0; c < 3; c++)
                for (int j = 0; j < m; j++)
                    s += Math.abs(rows ? img.get(c, i, j) - img.get(c, i - 1, j) : img.get(c, j, i) - img.get(c, j, i - 1));
            out[i] = s / (3.0 * m);
        }
        return out;
    }

    private static void assertNoSeam(double[] steps, TileAxis axis, String what) {
        double interior = 0;
        for (int i = 1; i < steps.length; i++) interior += steps[i];
        interior /= steps.length - 1;
        for (int i = 0; i < axis.count(); i++)
            for (int edge : new int[]{axis.starts[i] * 2, (axis.starts[i] + axis.tile) * 2}) {
                if (edge <= 0 || edge >= steps.length) continue;
                assertTrue(steps[edge] < 1.5 * interior, what + " step at tile edge " + edge + " is " + steps[edge]
                        + ", mean over the image " + interior);
            }
    }

    private static double stdDev(Rgb8 img) {
        double s = 0, s2 = 0;
        int n = 0;
        for (int[][] plane : img.planes()) for (int[] r : plane) for (int v : r) { s += v; s2 += (double) v * v; n++; }
        return Math.sqrt(s2 / n - (s / n) * (s / n));
    }

    private static double sq(double v) { return v * v; }
}
