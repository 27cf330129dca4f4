package org.rrlfn.data.prepare;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Where an image's HR patches start. Top-left corners are multiples of the settings' alignment (the scales' least
 * common multiple), so each scale's LR patch starts on a whole LR pixel; patches lie inside the image cropped to
 * that alignment, hence inside every scale's modcrop.
 */
final class PatchPositions {
    /** Patch {@code index} (its number within the image, the key of its random choices) at HR row y, column x. */
    record Position(int index, int y, int x) { }

    private PatchPositions() { }

    static List<Position> of(PrepareSettings s, String image, int width, int height) {
        int a = s.alignment();
        int p = s.hrPatch();
        int rows = (height - height % a - p) / a + 1;    // choices of aligned top rows
        int cols = (width - width % a - p) / a + 1;
        List<Position> out = new ArrayList<>();
        if (rows < 1 || cols < 1) return out;
        if (s.patchesPerImage() > 0) {
            for (int i = 0; i < s.patchesPerImage(); i++) {
                SplittableRandom r = Seeds.random(s.seed(), image, i, Seeds.POSITION);
                out.add(new Position(i, a * r.nextInt(rows), a * r.nextInt(cols)));
            }
        } else {
            int i = 0;
            for (int y = 0; y + p <= height - height % a; y += s.stride())
                for (int x = 0; x + p <= width - width % a; x += s.stride()) out.add(new Position(i++, y, x));
        }
        return out;
    }
}
