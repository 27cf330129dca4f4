package org.rrlfn.data.prepare;

import java.util.ArrayList;
import java.util.List;

/**
 * Where an image's sub-images lie, by BasicSR's {@code extract_subimages} rule: top-left corners every {@code step}
 * pixels along each axis, plus one flush with the far edge when the grid leaves a strip uncovered. Everything is
 * on the settings' alignment (the scales' least common multiple) inside the image cropped to it, so every scale's
 * LR sub-image starts on a whole LR pixel inside that scale's modcrop. An axis shorter than the sub-image size gets
 * one sub-image spanning it (BasicSR would drop the image; small photos stay usable for small training patches).
 */
final class SubImagePositions {
    /** A sub-image's top row y, left column x and side lengths in HR pixels. */
    record Position(int y, int x, int height, int width) { }

    private SubImagePositions() { }

    static List<Position> of(PrepareSettings s, int width, int height) {
        int a = s.alignment();
        List<int[]> rows = axis(height - height % a, s.subImageSize(), s.subImageStep());
        List<int[]> cols = axis(width - width % a, s.subImageSize(), s.subImageStep());
        List<Position> out = new ArrayList<>();
        for (int[] r : rows) for (int[] c : cols) out.add(new Position(r[0], c[0], r[1], c[1]));
        return out;
    }

    /**
     * How many sub-images {@link #of} gives and how many HR pixels they hold in all, from the axes alone: a plan for
     * an image of any declared size costs two short lists, not one entry per sub-image.
     */
    static long[] countAndPixels(PrepareSettings s, int width, int height) {
        int a = s.alignment();
        List<int[]> rows = axis(height - height % a, s.subImageSize(), s.subImageStep());
        List<int[]> cols = axis(width - width % a, s.subImageSize(), s.subImageStep());
        long rowPixels = rows.stream().mapToLong(r -> r[1]).sum(), colPixels = cols.stream().mapToLong(c -> c[1]).sum();
        return new long[] {(long) rows.size() * cols.size(), rowPixels * colPixels};
    }

    /** {start, length} pairs along one axis of aligned length {@code n}. */
    private static List<int[]> axis(int n, int size, int step) {
        List<int[]> out = new ArrayList<>();
        if (n <= 0) return out;
        int len = Math.min(size, n);
        int last = n - len;
        int start = 0;
        for (; start <= last; start += step) out.add(new int[] {start, len});
        if (out.get(out.size() - 1)[0] < last) out.add(new int[] {last, len});
        return out;
    }
}
