package org.rrlfn.data.prepare;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.rrlfn.data.PreparedLayout;

/**
 * Turns usable images into work units: whole-image units for the held-out (validation and test) images; for the others one
 * unit each, or several row bands when an image has more than {@code max-image-pixels} pixels, so that no task
 * decodes more than a band plus margins.
 */
final class Planner {
    /** An image that passed the header checks, with its name (file name without extension, made unique). */
    record Usable(String path, String name, int width, int height) { }

    private Planner() { }

    /**
     * Names for the probed images, in their (sorted) order: the file name with ':' as '_' (HDFS refuses ':' and Hadoop
     * paths would read it as a URI scheme), with -2, -3… for repeats.
     */
    static List<Usable> name(List<ImageProbe.Outcome> images) {
        Set<String> taken = new HashSet<>();
        List<Usable> out = new ArrayList<>();
        for (ImageProbe.Outcome o : images)
            out.add(new Usable(o.path(), uniqueName(baseName(o.path()), taken), o.width(), o.height()));
        return out;
    }

    static WorkUnit heldOut(Usable u, PreparedLayout.HeldOut folder) {
        return new WorkUnit(u.path(), u.name(), u.width(), u.height(), 0, u.height(), 1.0, folder);
    }

    static List<WorkUnit> training(PrepareSettings s, List<Usable> images) {
        List<WorkUnit> units = new ArrayList<>();
        for (Usable u : images) {
            int bands = bandCount(s, u.width(), u.height());
            int step = bands == 1 ? u.height() : bandRows(s, u.width());
            for (int b = 0; b < bands; b++) {
                int from = b * step;
                int to = b == bands - 1 ? u.height() : from + step;
                units.add(new WorkUnit(u.path(), u.name(), u.width(), u.height(), from, to, 1.0 / bands, null));
            }
        }
        return units;
    }
    /**
     * HR rows of margin above and below a band. A downscale by s reads input rows within 2s of each output row's
     * centre (the antialiased kernel spans 4s), so with this margin every LR row of a band's patches is computed from
     * real image rows, exactly as in the whole image.
     */
    static int margin(PrepareSettings s) {
        int a = s.alignment();
        return a * ((2 * s.maxScale() + 1 + a - 1) / a);
    }

    static int bandCount(PrepareSettings s, int width, int height) {
        if ((long) width * height <= s.maxImagePixels()) return 1;
        return (height + bandRows(s, width) - 1) / bandRows(s, width);
    }

    /** Sub-image top rows per band: the band's decoded rows (these, a sub-image, two margins) stay under the pixel limit. */
    static int bandRows(PrepareSettings s, int width) {
        int a = s.alignment();
        long rows = s.maxImagePixels() / width - s.subImageSize() - 2L * margin(s);
        return (int) Math.max(a, rows / a * a);
    }

    /** Why an image's name cannot be used, or null: control characters would break index.tsv and held-out names. */
    static String unusableName(String path) {
        if (baseName(path).chars().noneMatch(c -> c < 0x20 || c == 0x7f)) return null;
        return "name contains control characters (tab, newline, …): the index and held-out file names cannot hold"
                + " them; rename the file";
    }

    static String baseName(String path) {
        String n = path.substring(path.lastIndexOf('/') + 1).replace(':', '_');
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static String uniqueName(String base, Set<String> taken) {
        String name = base;
        for (int k = 2; !taken.add(name); k++) name = base + "-" + k;
        return name;
    }
}
