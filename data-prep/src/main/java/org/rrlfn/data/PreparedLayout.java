package org.rrlfn.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.rrlfn.common.files.OutputFolder;

/**
 * The one place that names what {@code rrlfn prepare} writes and {@code train}, validation and {@code fuse-eval}
 * read, under the prepared folder {@code root}:
 * <pre>
 * manifest.json                 written last: its presence means the set is complete
 * x{s}/train/part-NNNNN.sub     one shard of sub-image pairs per partition
 * x{s}/train/index.tsv          every sub-image's shard and offset
 * x{s}/val/{HR,LR}/name.png     held-out validation images (train's per-stage check, sweeps)
 * x{s}/test/{HR,LR}/name.png    held-out test images (fuse-eval's "test" set)
 * .prepare-UUID/                a running prepare's temporary root, laid out the same way
 * </pre>
 * It lives in the data module's root package so that both {@code prepare} (writer) and {@code sampling} (reader)
 * depend on it without depending on each other.
 */
public record PreparedLayout(Path root) {
    public static final String MANIFEST = "manifest.json";
    static final String INDEX = "index.tsv";
    private static final String TEMP_PREFIX = ".prepare-";
    /** A prepare job's temporary folders: a killed run leaves one, the next run removes it. */
    public static final Pattern TEMPORARY = Pattern.compile(Pattern.quote(TEMP_PREFIX) + "[0-9a-f-]{36}");
    /** What prepare writes at the top of its folder: the manifest and the scale folders. */
    public static final OutputFolder.Kind OUTPUT = new OutputFolder.Kind("prepare",
            Pattern.compile(Pattern.quote(MANIFEST) + "|x\\d+"), TEMPORARY);
    /** What prepare writes inside a scale folder, relative to it. */
    private static final Pattern WRITTEN = Pattern.compile(
            "train/(" + Pattern.quote(INDEX) + "|part-\\d{5}\\.sub)|(val|test)/(HR|LR)/[^/]+\\.png");
    /** The file suffix of format 1's fixed training patches (DataSet files), refused with a way out. */
    private static final String OLD_FORMAT_SUFFIX = ".ds";

    /** A held-out set: whole images as HR and bicubic-LR PNGs. */
    public enum HeldOut {
        VALIDATION("val"), TEST("test");

        private final String folder;

        HeldOut(String folder) { this.folder = folder; }

        public String folder() { return folder; }
    }

    public static PreparedLayout at(String root) { return new PreparedLayout(new Path(root)); }

    /** A fresh temporary root inside this one, for a prepare run to write into and commit from. */
    public PreparedLayout temporary() { return new PreparedLayout(new Path(root, TEMP_PREFIX + UUID.randomUUID())); }

    public Path manifest() { return new Path(root, MANIFEST); }

    /** The name of a scale's folder, {@code x<s>}. */
    public static String scaleFolder(int scale) { return "x" + scale; }

    /** Everything prepared for one scale (committed as a whole). */
    public Path scale(int scale) { return new Path(root, scaleFolder(scale)); }

    public Path train(int scale) { return new Path(scale(scale), "train"); }

    public Path index(int scale) { return new Path(train(scale), INDEX); }

    /** The shard name of one partition: a retried task rewrites the same name. */
    public static String shardName(int partition) { return String.format("part-%05d.sub", partition); }

    public Path shard(int scale, String shardName) { return new Path(train(scale), shardName); }

    public Path heldOut(int scale, HeldOut set) { return new Path(scale(scale), set.folder()); }

    public Path hr(int scale, HeldOut set) { return new Path(heldOut(scale, set), "HR"); }

    public Path lr(int scale, HeldOut set) { return new Path(heldOut(scale, set), "LR"); }

    public Path hrImage(int scale, HeldOut set, String name) { return new Path(hr(scale, set), name + ".png"); }

    public Path lrImage(int scale, HeldOut set, String name) { return new Path(lr(scale, set), name + ".png"); }

    /**
     * The files below a scale folder that prepare does not write: anything but the index, shards and held-out PNGs
     * (and Hadoop's ".name.crc" checksum files of them).
     */
    public List<Path> notWrittenByPrepare(FileSystem fs, int scale) throws IOException {
        List<Path> found = new ArrayList<>();
        Path dir = scale(scale);
        if (!fs.exists(dir)) return found;
        String base = dir.toUri().getPath() + "/";
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(dir, true);
        while (files.hasNext()) {
            Path p = files.next().getPath();
            String relative = p.toUri().getPath().substring(base.length());
            if (!WRITTEN.matcher(relative.replaceFirst("(^|/)\\.([^/]+)\\.crc$", "$1$2")).matches()) found.add(p);
        }
        return found;
    }

    /** Whether a scale's training folder holds the fixed patches (*.ds) of an earlier prepare format instead. */
    public boolean isOldFormat(FileSystem fs, int scale) throws IOException {
        Path dir = train(scale);
        return fs.exists(dir) && Arrays.stream(fs.listStatus(dir)).map(FileStatus::getPath)
                .anyMatch(p -> p.getName().endsWith(OLD_FORMAT_SUFFIX));
    }
}
