package org.rrlfn.data.prepare;

import java.awt.Rectangle;
import java.io.IOException;
import java.util.List;
import org.rrlfn.data.image.Bicubic;
import org.rrlfn.data.image.ImageCodec;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.data.image.UnusableImage;

/**
 * Cuts one work unit's sub-images: decodes the unit's rows (plus margins), downscales them once per scale with MATLAB
 * bicubic after that scale's modcrop (as the whole image would be: the margins cover the kernel), then takes each
 * position's HR sub-image and the LR sub-image under it, and drops flat ones if asked.
 */
final class SubImageExtractor {
    /** Receives aligned HR/LR sub-image pairs. */
    interface Sink {
        void accept(int scale, String image, Rgb8 hr, Rgb8 lr) throws IOException;
    }

    private final PrepareSettings s;

    SubImageExtractor(PrepareSettings s) { this.s = s; }

    /** @return how many sub-images were dropped as flat */
    int extract(WorkUnit u, byte[] file, Sink sink) throws UnusableImage, IOException {
        List<SubImagePositions.Position> positions = SubImagePositions.of(s, u.width(), u.height()).stream()
                .filter(p -> p.y() >= u.rowFrom() && p.y() < u.rowTo()).toList();
        if (positions.isEmpty()) return 0;
        int m = Planner.margin(s);
        int minY = positions.stream().mapToInt(SubImagePositions.Position::y).min().orElseThrow();
        int maxY = positions.stream().mapToInt(p -> p.y() + p.height()).max().orElseThrow();
        int r0 = Math.max(0, minY - m);                      // a multiple of the alignment, like minY and m
        int r1 = Math.min(u.height(), maxY + m);
        Rgb8 region = ImageCodec.read(file, new Rectangle(0, r0, u.width(), r1 - r0));

        boolean[] flat = new boolean[positions.size()];
        int skipped = 0;
        for (int i = 0; i < flat.length; i++) {
            SubImagePositions.Position pos = positions.get(i);
            flat[i] = s.skipFlatThreshold() > 0
                    && stdDev(region, pos.y() - r0, pos.x(), pos.height(), pos.width()) < s.skipFlatThreshold();
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
                SubImagePositions.Position p = positions.get(i);
                sink.accept(scale, u.name(), region.crop(p.y() - r0, p.x(), p.height(), p.width()),
                        lr.crop((p.y() - r0) / scale, p.x() / scale, p.height() / scale, p.width() / scale));
            }
        }
        return skipped;
    }

    /** Standard deviation of all channels' values of a crop, in units of the full range (0..1). */
    static double stdDev(Rgb8 img, int y0, int x0, int h, int w) {
        double sum = 0;
        double sq = 0;
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    double v = img.get(c, y0 + y, x0 + x) / 255.0;
                    sum += v;
                    sq += v * v;
                }
        double count = 3.0 * h * w;
        double mean = sum / count;
        return Math.sqrt(Math.max(0, sq / count - mean * mean));
    }
}
