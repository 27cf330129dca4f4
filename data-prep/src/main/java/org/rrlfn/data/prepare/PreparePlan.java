package org.rrlfn.data.prepare;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.rrlfn.common.UserError;
import org.rrlfn.common.files.LocalFiles;

/**
 * What prepare will write, worked out from the images' headers before anything is written: per scale the sub-images
 * of BasicSR's grid ({@link SubImagePositions}) and their shard records' bytes (header, HR and LR planes), exact
 * unless flat sub-images are dropped, plus the held-out images at their raw size (their PNGs are mostly smaller). A
 * plan larger than the free space of the output's file system stops prepare before it starts.
 *
 * @param subImages per scale, how many sub-images
 * @param bytes     per scale, their shard bytes
 * @param heldOut   the held-out images' bytes as raw RGB (HR and LR, every scale)
 * @param largest   the training image that plans the most bytes, and those bytes
 */
record PreparePlan(Map<Integer, Long> subImages, Map<Integer, Long> bytes, int heldOutImages, long heldOut,
                   Planner.Usable largest, long largestBytes) {
    /** A shard record's header: magic, scale, HR height, HR width ({@code SubImage.write}). */
    private static final int RECORD_HEADER = 16;

    /** The plan for training these images and holding out those. */
    static PreparePlan of(PrepareSettings s, List<Planner.Usable> training, List<Planner.Usable> heldOut) {
        Map<Integer, Long> count = new TreeMap<>(), bytes = new TreeMap<>();
        Planner.Usable largest = null;
        long largestBytes = -1;
        for (Planner.Usable u : training) {
            long[] cp = SubImagePositions.countAndPixels(s, u.width(), u.height());
            long image = 0;
            for (int scale : s.scales()) {
                long b = cp[0] * RECORD_HEADER + 3 * (cp[1] + cp[1] / ((long) scale * scale));
                count.merge(scale, cp[0], Long::sum);
                bytes.merge(scale, b, Long::sum);
                image += b;
            }
            if (image > largestBytes) {
                largest = u;
                largestBytes = image;
            }
        }
        long held = 0;
        for (Planner.Usable u : heldOut)
            for (int scale : s.scales()) {
                long w = u.width() - u.width() % scale, h = u.height() - u.height() % scale;
                held += 3 * (w * h + w * h / ((long) scale * scale));
            }
        return new PreparePlan(count, bytes, heldOut.size(), held, largest, Math.max(0, largestBytes));
    }

    long total() {
        return bytes.values().stream().mapToLong(Long::longValue).sum() + heldOut;
    }

    /** "1.23 GiB", "45.6 MiB", "789 KiB": binary units, as df -h counts. */
    static String size(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " bytes" : String.format(Locale.ROOT, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s",
                v, units[u]);
    }

    /** "x2: 1,234 sub-images, 1.10 GiB; x4: …; held out: 6 images, 20.1 MiB as raw RGB". */
    String describe() {
        List<String> parts = new ArrayList<>();
        subImages.forEach((scale, n) -> parts.add(String.format(Locale.ROOT, "x%d: %,d sub-images, %s", scale, n,
                size(bytes.get(scale)))));
        parts.add("held out: " + heldOutImages + (heldOutImages == 1 ? " image, " : " images, ") + size(heldOut)
                + " as raw RGB");
        return String.join("; ", parts);
    }

    /**
     * Stops prepare (exit 2) when the plan is larger than {@code free} bytes, naming the image that plans the most, the
     * figures, and the keys that let it in or make it large.
     */
    void requireFits(long free, PrepareSettings s, Path out) {
        if (total() <= free) return;
        String key = PrepareSettings.PATH + ".max-declared-pixels";
        long pixels = largest == null ? 0 : (long) largest.width() * largest.height();
        throw new UserError(PrepareSettings.PATH + ".output " + out + ": prepare plans " + size(total()) + " ("
                + describe() + ") but its file system has " + size(free) + " free"
                + (largest == null ? "" : "; the largest image, " + largest.path() + " (" + largest.width() + "x"
                + largest.height() + " px), alone plans " + size(largestBytes) + ": " + key + " = "
                + s.maxDeclaredPixels() + " let it in (below " + pixels + " rejects it), and a larger "
                + PrepareSettings.PATH + ".sub-image-step cuts fewer sub-images") + "; or free space, or choose another"
                + " output");
    }

    /**
     * Bytes free for us under {@code out}: the local file store's usable space (what a non-root user may still write)
     * at the nearest folder that exists, or what the Hadoop file system reports (HDFS: the cluster's remaining space;
     * object stores report no limit).
     */
    static long freeSpace(FileSystem fs, Path out) throws IOException {
        java.io.File local = LocalFiles.file(fs, out);
        if (local == null) return fs.getStatus(out).getRemaining();
        java.nio.file.Path p = local.toPath().toAbsolutePath();
        while (!Files.exists(p)) p = p.getParent();
        FileStore store = Files.getFileStore(p);
        return store.getUsableSpace();
    }
}
