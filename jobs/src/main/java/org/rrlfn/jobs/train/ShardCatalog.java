package org.rrlfn.jobs.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.rrlfn.model.config.Settings;

/**
 * The training shards of one scale written by {@code rrlfn prepare}, and the deterministic order in which
 * rounds consume them: epoch e is a permutation of all shards seeded by (seed, stage, e), so a resumed stage
 * sees exactly the shards it would have seen without the crash.
 */
public final class ShardCatalog {
    private final List<String> shards;
    private final long seed;

    private ShardCatalog(List<String> shards, long seed) {
        this.shards = shards;
        this.seed = seed;
    }

    public static ShardCatalog open(String dataRoot, int scale, long seed, Configuration hadoop) throws IOException {
        Path root = new Path(dataRoot);
        FileSystem fs = root.getFileSystem(hadoop);
        if (!fs.exists(new Path(root, "manifest.json")))
            throw new Settings.Invalid("rrlfn.train.data: " + fs.makeQualified(root) + " has no manifest.json: run "
                    + "`rrlfn prepare` first (a prepare job that did not finish leaves no manifest)");
        Path dir = new Path(root, "x" + scale + "/train");
        List<String> shards = new ArrayList<>();
        if (fs.exists(dir))
            for (FileStatus s : fs.listStatus(dir))
                if (s.isFile() && s.getPath().getName().endsWith(".ds")) shards.add(fs.makeQualified(s.getPath()).toString());
        if (shards.isEmpty())
            throw new Settings.Invalid("rrlfn.train.data: no x" + scale + " shards under " + fs.makeQualified(dir)
                    + " (was the data prepared with scale " + scale + " in rrlfn.prepare.scales?)");
        Collections.sort(shards);
        return new ShardCatalog(shards, seed);
    }

    public int size() { return shards.size(); }

    /** The {@code count} shard paths of round {@code round} of stage {@code stage}. */
    public List<String> forRound(int stage, int round, int count) {
        List<String> out = new ArrayList<>(count);
        long first = (long) round * count;
        int epoch = -1;
        List<Integer> order = null;
        for (long p = first; p < first + count; p++) {
            if (p / shards.size() != epoch) {   // one shuffle per epoch the round touches, not one per path
                epoch = (int) (p / shards.size());
                order = permutation(stage, epoch);
            }
            out.add(shards.get(order.get((int) (p % shards.size()))));
        }
        return out;
    }

    private List<Integer> permutation(int stage, int epoch) {
        List<Integer> idx = new ArrayList<>(shards.size());
        for (int i = 0; i < shards.size(); i++) idx.add(i);
        Collections.shuffle(idx, new Random(seed * 1_000_003L + stage * 10_007L + epoch));
        return idx;
    }
}
