package org.rrlfn.data.sampling;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.rrlfn.common.files.DiskFull;
import org.rrlfn.data.PreparedLayout;

/**
 * {@code x<s>/train/index.tsv}: one line per sub-image (shard, offset, HR height, HR width, source image), after a
 * header naming the format. The driver reads it to plan epochs; workers never list folders.
 */
public final class SubImageIndex {
    static final String HEADER = "# rrlfn-subimages/1\tshard\toffset\theight\twidth\timage";

    private SubImageIndex() { }

    /** Writes under a temporary name, then renames. Lines are sorted, so the index does not depend on partitioning. */
    public static void write(FileSystem fs, PreparedLayout layout, int scale, List<SubImageRef> refs) throws IOException {
        List<SubImageRef> sorted = new ArrayList<>(refs);
        sorted.sort(Comparator.comparing(SubImageRef::image).thenComparing(SubImageRef::shard)
                .thenComparingLong(SubImageRef::offset));
        Path target = layout.index(scale);
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
        DiskFull.naming(target, () -> {
            try (OutputStream out = fs.create(tmp, true)) {
                StringBuilder b = new StringBuilder(HEADER).append('\n');
                for (SubImageRef r : sorted) b.append(r.line()).append('\n');
                out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            }
        });
        if (!fs.rename(tmp, target)) throw new IOException("cannot rename " + tmp + " to " + target);
    }

    /**
     * The sub-images of a prepared scale. A folder of {@code .ds} files is the fixed-patch format of earlier versions:
     * it is refused with the way out, as is anything without an index.
     */
    public static List<SubImageRef> read(FileSystem fs, PreparedLayout layout, int scale) throws IOException {
        Path index = layout.index(scale);
        if (!fs.exists(index)) {
            throw new IllegalArgumentException(layout.isOldFormat(fs, scale)
                    ? fs.makeQualified(layout.train(scale)) + " holds fixed training patches (*.ds) from an earlier `rrlfn prepare`;"
                      + " training now draws its crops from sub-images: re-run `rrlfn prepare` (rrlfn.prepare.overwrite = true)"
                    : "no " + index.getName() + " in " + fs.makeQualified(layout.train(scale)) + ": not a prepared scale (re-run `rrlfn prepare`)");
        }
        List<SubImageRef> refs = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(index), StandardCharsets.UTF_8))) {
            String header = in.readLine();
            if (!HEADER.equals(header))
                throw new IllegalArgumentException(index + ": unknown header '" + header + "', expected '" + HEADER
                        + "': re-run `rrlfn prepare`");
            int n = 1;
            for (String line; (line = in.readLine()) != null; ) {
                n++;
                String[] f = line.split("\t", -1);
                try {
                    if (f.length != 5) throw new IllegalArgumentException("expected 5 tab-separated fields, got " + f.length);
                    refs.add(new SubImageRef(f[0], Long.parseLong(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4]));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(index + " line " + n + ": " + e.getMessage(), e);
                }
            }
        }
        return refs;
    }
}
