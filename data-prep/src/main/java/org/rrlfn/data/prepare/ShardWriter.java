package org.rrlfn.data.prepare;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gathers one partition's patch pairs per scale into minibatches and writes each full one as a DL4J DataSet file
 * {@code <root>/x<s>/train/part-<partition>-<seq>.ds} (features = LR [N,3,h,w], labels = HR [N,3,h·s,w·s],
 * float32 in [0, 1]), the format {@code SparkComputationGraph.fitPaths} reads. {@link #flush} writes the remainder.
 */
final class ShardWriter implements PatchSink {
    private final FileSystem fs;
    private final Path root;
    private final int partition;
    private final int shardSize;
    private final int hrPatch;
    private final Map<Integer, Batch> batches = new HashMap<>();
    private final Map<Integer, Long> patches = new HashMap<>();
    private final Map<Integer, Long> shards = new HashMap<>();

    private static final class Batch {
        final float[] lr;
        final float[] hr;
        int count;
        int seq;

        Batch(int capacity, int lrSize, int hrSize) {
            lr = new float[capacity * 3 * lrSize * lrSize];
            hr = new float[capacity * 3 * hrSize * hrSize];
        }
    }

    ShardWriter(FileSystem fs, Path root, int partition, PrepareSettings s) {
        this.fs = fs;
        this.root = root;
        this.partition = partition;
        this.shardSize = s.shardSize();
        this.hrPatch = s.hrPatch();
    }

    @Override
    public void accept(int scale, float[][][] lr, float[][][] hr) throws IOException {
        int lrSize = hrPatch / scale;
        Batch b = batches.computeIfAbsent(scale, k -> new Batch(shardSize, lrSize, hrPatch));
        copy(lr, b.lr, b.count * 3 * lrSize * lrSize);
        copy(hr, b.hr, b.count * 3 * hrPatch * hrPatch);
        b.count++;
        patches.merge(scale, 1L, Long::sum);
        if (b.count == shardSize) write(scale, b);
    }

    /** Writes every scale's partial minibatch. */
    void flush() throws IOException {
        for (Map.Entry<Integer, Batch> e : batches.entrySet()) if (e.getValue().count > 0) write(e.getKey(), e.getValue());
    }

    Map<Integer, Long> patches() { return patches; }

    Map<Integer, Long> shards() { return shards; }

    private void write(int scale, Batch b) throws IOException {
        int lrSize = hrPatch / scale;
        int n = b.count;
        float[] lr = n == shardSize ? b.lr : java.util.Arrays.copyOf(b.lr, n * 3 * lrSize * lrSize);
        float[] hr = n == shardSize ? b.hr : java.util.Arrays.copyOf(b.hr, n * 3 * hrPatch * hrPatch);
        DataSet ds = new DataSet(Nd4j.create(lr, new long[] {n, 3, lrSize, lrSize}, 'c'),
                Nd4j.create(hr, new long[] {n, 3, hrPatch, hrPatch}, 'c'));
        Path file = new Path(root, String.format("x%d/train/part-%05d-%05d.ds", scale, partition, b.seq));
        try (OutputStream out = fs.create(file, true)) {   // a retried task rewrites the same name
            ds.save(out);
        }
        b.seq++;
        b.count = 0;
        shards.merge(scale, 1L, Long::sum);
    }

    private static void copy(float[][][] chw, float[] dst, int offset) {
        int i = offset;
        for (float[][] plane : chw) for (float[] row : plane) { System.arraycopy(row, 0, dst, i, row.length); i += row.length; }
    }
}
