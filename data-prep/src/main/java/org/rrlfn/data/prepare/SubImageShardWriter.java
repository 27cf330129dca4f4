package org.rrlfn.data.prepare;

import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.rrlfn.common.files.DiskFull;
import org.rrlfn.data.PreparedLayout;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.data.sampling.SubImage;
import org.rrlfn.data.sampling.SubImageRef;

/**
 * Appends one partition's sub-image pairs to one shard per scale, {@link PreparedLayout#shard}
 * ({@link SubImage} records), and remembers where each record starts for the scale's index.
 */
final class SubImageShardWriter implements SubImageExtractor.Sink, AutoCloseable {
    private final FileSystem fs;
    private final PreparedLayout root;
    private final int partition;
    private final Map<Integer, FSDataOutputStream> open = new HashMap<>();
    private final Map<Integer, List<SubImageRef>> written = new HashMap<>();

    SubImageShardWriter(FileSystem fs, PreparedLayout root, int partition) {
        this.fs = fs;
        this.root = root;
        this.partition = partition;
    }

    @Override
    public void accept(int scale, String image, Rgb8 hr, Rgb8 lr) throws IOException {
        Path shard = root.shard(scale, PreparedLayout.shardName(partition));
        DiskFull.naming(shard, () -> {
            FSDataOutputStream out = open.get(scale);
            if (out == null) {   // a retried task rewrites the same name
                out = fs.create(shard, true);
                open.put(scale, out);
            }
            long offset = out.getPos();
            SubImage.write(new DataOutputStream(out), scale, hr, lr);
            written.computeIfAbsent(scale, k -> new ArrayList<>())
                    .add(new SubImageRef(PreparedLayout.shardName(partition), offset, hr.height(), hr.width(), image));
        });
    }

    /** Sub-images written per scale, with their places. */
    Map<Integer, List<SubImageRef>> written() { return written; }

    long total() {
        return written.values().stream().mapToLong(List::size).sum();
    }

    @Override
    public void close() throws IOException {
        for (Map.Entry<Integer, FSDataOutputStream> e : open.entrySet())
            DiskFull.naming(root.shard(e.getKey(), PreparedLayout.shardName(partition)), e.getValue()::close);
        open.clear();
    }
}
