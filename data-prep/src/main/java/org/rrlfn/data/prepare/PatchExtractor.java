package org.rrlfn.data.prepare;

import java.awt.Rectangle;
import java.io.IOException;
import java.util.List;
import org.rrlfn.data.image.Bicubic;
import org.rrlfn.data.image.ImageCodec;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.data.image.UnusableImage;

/**
 * Cuts one work unit's patch pairs: decodes the unit's rows (plus margins), downscales them once per scale with
 * MATLAB bicubic after that scale's modcrop, then takes each position's HR patch and the LR patch under it, drops
 * flat ones if asked, and augments both alike.
 */
final class PatchExtractor {
    private final PrepareSettings s;

    PatchExtractor(PrepareSettings s) { this.s = s; }

    /** @return how many positions were dropped as flat */
    int extract(WorkUnit u, byte[] file, PatchSink sink) throws UnusableImage, IOException {
        List<PatchPositions.Position> positions = PatchPositions.of(s, u.name(), u.width(), u.height()).stream()
                .filter(p -> p.y() >= u.rowFrom() && p.y() < u.rowTo()).toList();
        if (positions.isEmpty()) return 0;
        int p = s.hrPatch();
        int m = Planner.margin(s);
        int minY = positions.stream().mapToInt(PatchPositions.Position::y).min().orElseThrow();
        int maxY = positions.stream().mapToInt(PatchPositions.Position::y).max().orElseThrow();
        int r0 = Math.max(0, minY - m);                      // a multiple of the alignment, like minY and m
        int r1 = Math.min(u.height(), maxY + p + m);
        Rgb8 region = ImageCodec.read(file, new Rectangle(0, r0, u.width(), r1 - r0));

        boolean[] flat = new boolean[positions.size()];
        int skipped = 0;
        for (int i = 0; i < flat.length; i++) {
            PatchPositions.Position pos = positions.get(i);
            flat[i] = s.skipFlatThreshold() > 0 && stdDev(region, pos.y() - r0, pos.x(), p) < s.skipFlatThreshold();
            if (flat[i]) skipped++;
        }
        for (int scale : s.scales()) {
            // This scale's modcrop of the whole image, restricted to the decoded rows.
            int rows = Math.min(r1, u.height() - u.height() % scale) - r0;
            int cols = u.width() - u.width() % scale;
            Rgb8 hr = rows == region.height() && cols == region.width() ? region : region.crop(0, 0, rows, cols);
            Rgb8 lr = Bicubic.downscale(hr, scale);
            for (int i = 0; i < flat.length; i++) {
                if (flat[i]) continue;
                PatchPositions.Position pos = positions.get(i);
                Augmentation aug = Augmentation.draw(s, u.name(), pos.index());
                float[][][] hrPatch = aug.apply(unit(region, pos.y() - r0, pos.x(), p));
                float[][][] lrPatch = aug.apply(unit(lr, (pos.y() - r0) / scale, pos.x() / scale, p / scale));
                sink.accept(scale, lrPatch, hrPatch);
            }
        }
        return skipped;
    }

    /** A square crop as floats in [0, 1] (value / 255, what DL4J's ImagePreProcessingScaler does). */
    static float[][][] unit(Rgb8 img, int y0, int x0, int n) {
        float[][][] out = new float[3][n][n];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++) out[c][y][x] = img.get(c, y0 + y, x0 + x) / 255f;
        return out;
    }

    /** Standard deviation of all channels' values of a square crop, in units of the full range (0..1). */
    static double stdDev(Rgb8 img, int y0, int x0, int n) {
        double sum = 0;
        double sq = 0;
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++) {
                    double v = img.get(c, y0 + y, x0 + x) / 255.0;
                    sum += v;
                    sq += v * v;
                }
        double count = 3.0 * n * n;
        double mean = sum / count;
        return Math.sqrt(Math.max(0, sq / count - mean * mean));
    }
}
