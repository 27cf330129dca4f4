package org.rrlfn.data.sampling;

import java.io.IOException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The worker side of sampling: turns a {@link BatchRecipe} into a minibatch. For each sample it reads the sub-image
 * record's header, draws a uniformly random crop position on the scale's grid (so the LR crop starts on a whole LR
 * pixel), reads only the rows of the HR and LR planes the crop covers, then draws one of the 8 rotations/flips and
 * one RGB permutation and applies the same to the HR crop and the LR crop under it. Sample k of minibatch b of
 * stage t draws from its own stream keyed by (seed, t, b, k): the same recipe gives the same pixels on any worker,
 * on a retry and after a resume.
 */
public final class CropSampler implements Serializable {
    private final SampleSettings s;

    public CropSampler(SampleSettings s) { this.s = s; }

    /** A drawn sample: where it was cut, how it was transformed, and the pixels (C×h×w floats in [0, 1]). */
    public record Crop(int y, int x, Augmentation augmentation, float[] lr, float[] hr) { }

    /** The minibatch as float arrays, sample-major, LR [n,3,p/s,p/s] then HR [n,3,p,p]. */
    public record Batch(int size, int lrSide, int hrSide, float[] lr, float[] hr) { }

    public Batch sample(FileSystem fs, BatchRecipe recipe) throws IOException {
        int p = s.hrPatch(), scale = recipe.scale(), q = p / scale, n = recipe.samples().size();
        float[] lr = new float[n * 3 * q * q];
        float[] hr = new float[n * 3 * p * p];
        Map<String, FSDataInputStream> open = new HashMap<>();   // samples often share a shard: open each once
        try {
            for (int k = 0; k < n; k++) {
                BatchRecipe.Sample ref = recipe.samples().get(k);
                Path shard = new Path(recipe.trainDir() + "/" + ref.shard());
                FSDataInputStream in = open.get(ref.shard());
                if (in == null) {
                    in = fs.open(shard);
                    open.put(ref.shard(), in);
                }
                SubImageBand sub = new SubImageBand(in, ref.offset(), shard + "@" + ref.offset());
                if (sub.scale() != scale)
                    throw new IOException(sub.where() + ": a x" + sub.scale() + " record in a x" + scale + " recipe");
                draw(sub, Seeds.random(s.seed(), recipe.stage(), recipe.batch(), k), lr, k * 3 * q * q, hr, k * 3 * p * p);
            }
        } finally {
            for (FSDataInputStream in : open.values()) in.close();
        }
        return new Batch(n, q, p, lr, hr);
    }

    /** Where a sample is cut (HR row and column, on the scale's grid) and how it is transformed. */
    private record Placement(int y, int x, Augmentation augmentation) { }

    /** Draws one sample's placement in {@code sub} from {@code r}. */
    private Placement place(SubImageBand sub, SplittableRandom r) {
        int p = s.hrPatch(), scale = sub.scale();
        if (sub.height() < p || sub.width() < p)
            throw new IllegalArgumentException(sub.where() + ": sub-image " + sub.width() + "x" + sub.height()
                    + " is smaller than the " + p + " px HR patch (rrlfn.train.hr-patch): prepare bigger sub-images or"
                    + " train on smaller patches");
        int y = scale * r.nextInt((sub.height() - p) / scale + 1);
        int x = scale * r.nextInt((sub.width() - p) / scale + 1);
        return new Placement(y, x, Augmentation.draw(r, s));
    }

    /** One sample drawn from {@code sub} with {@code r}; the crops land in the arrays at the offsets given. */
    private Placement draw(SubImageBand sub, SplittableRandom r, float[] lr, int lrOffset, float[] hr, int hrOffset)
            throws IOException {
        Placement at = place(sub, r);
        int p = s.hrPatch(), scale = sub.scale(), q = p / scale;
        SubImage band = sub.rows(at.y(), p);              // rows y .. y+p-1 (HR) and y/s .. (y+p)/s-1 (LR)
        at.augmentation().apply(band.hr(), band.height() * band.width(), band.width(), at.x(), p, hr, hrOffset);
        at.augmentation().apply(band.lr(), band.lrHeight() * band.lrWidth(), band.lrWidth(), at.x() / scale, q, lr, lrOffset);
        return at;
    }

    /** One sample of an in-memory sub-image with the stream of (stage, batch, k), as {@link #sample} draws it. */
    public Crop draw(SubImage sub, int stage, long batch, int k) {
        int p = s.hrPatch(), q = p / sub.scale();
        float[] lr = new float[3 * q * q], hr = new float[3 * p * p];
        try {
            Placement at = draw(new SubImageBand(sub), Seeds.random(s.seed(), stage, batch, k), lr, 0, hr, 0);
            return new Crop(at.y(), at.x(), at.augmentation(), lr, hr);
        } catch (IOException e) {
            throw new IllegalStateException("an in-memory sub-image does no I/O", e);
        }
    }
}
