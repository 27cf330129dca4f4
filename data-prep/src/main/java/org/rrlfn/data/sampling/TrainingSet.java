package org.rrlfn.data.sampling;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.rrlfn.data.PreparedLayout;

/**
 * The driver's view of one prepared scale: the sub-images big enough for the HR patch, and the minibatch recipes of
 * each averaging round. Round r of a stage takes minibatches r·m … r·m + m − 1 of the stage's {@link SampleOrder},
 * so a resumed stage plans exactly the minibatches an uninterrupted one would.
 */
public final class TrainingSet {
    private final String trainDir;
    private final int scale;
    private final long seed;
    private final List<SubImageRef> refs;
    private final int skipped;
    private SampleOrder order;
    private int orderStage = -1;

    private TrainingSet(String trainDir, int scale, long seed, List<SubImageRef> refs, int skipped) {
        this.trainDir = trainDir;
        this.scale = scale;
        this.seed = seed;
        this.refs = refs;
        this.skipped = skipped;
    }

    /** @throws IllegalArgumentException naming the folder when the scale is missing, old or has no usable sub-image */
    public static TrainingSet open(String dataRoot, int scale, int hrPatch, long seed, Configuration hadoop)
            throws IOException {
        PreparedLayout layout = PreparedLayout.at(dataRoot);
        Path dir = layout.train(scale);
        FileSystem fs = dir.getFileSystem(hadoop);
        if (!fs.exists(dir))
            throw new IllegalArgumentException("no x" + scale + " training data under " + fs.makeQualified(dir)
                    + " (was the data prepared with scale " + scale + " in rrlfn.prepare.scales?)");
        List<SubImageRef> all = SubImageIndex.read(fs, layout, scale);
        List<SubImageRef> usable = all.stream().filter(r -> r.height() >= hrPatch && r.width() >= hrPatch).toList();
        if (usable.isEmpty())
            throw new IllegalArgumentException("none of the " + all.size() + " x" + scale + " sub-images under "
                    + fs.makeQualified(dir) + " is at least " + hrPatch + " px on each side (the HR patch): prepare bigger"
                    + " sub-images (rrlfn.prepare.sub-image-size) or lower the HR patch");
        return new TrainingSet(fs.makeQualified(dir).toUri().toString(), scale, seed, usable, all.size() - usable.size());
    }

    public int size() { return refs.size(); }

    /** Sub-images left out because they are smaller than the HR patch. */
    public int skipped() { return skipped; }

    public long images() { return refs.stream().map(SubImageRef::image).distinct().count(); }

    /** The recipes of round {@code round} of stage {@code stage}: {@code minibatches} of {@code batch} samples each. */
    public List<String> forRound(int stage, int round, int minibatches, int batch) {
        if (stage != orderStage) {
            order = new SampleOrder(refs, seed, stage);
            orderStage = stage;
        }
        List<String> out = new ArrayList<>(minibatches);
        for (int i = 0; i < minibatches; i++) {
            long b = (long) round * minibatches + i;
            List<BatchRecipe.Sample> samples = order.slice(b * batch, batch).stream()
                    .map(r -> new BatchRecipe.Sample(r.shard(), r.offset())).toList();
            out.add(new BatchRecipe(trainDir, scale, stage, b, samples).encode());
        }
        return out;
    }
}
