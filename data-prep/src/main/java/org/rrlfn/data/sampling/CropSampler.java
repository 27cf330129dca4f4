package org.rrlfn.data.sampling;

import java.io.IOException;
import java.io.Serializable;
import java.util.SplittableRandom;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The worker side of sampling: turns a {@link BatchRecipe} into a minibatch. For each sample it reads the sub-image
 * record, draws a uniformly random crop position on the scale's grid (so the LR crop starts on a whole LR pixel),
 * one of the 8 rotations/flips and one RGB permutation, and applies the same to the HR crop and the LR crop under
 * it. Sample k of minibatch b of stage t draws from its own stream keyed by (seed, t, b, k): the same recipe gives
 * the same pixels on any worker, on a retry and after a resume.
 */
public final class CropSampler implements Serializable {
    private final SampleSettings s;

    public CropSampler(SampleSettings s) { this.s = s; }

    public SampleSettings settings() { return s; }

    /** A drawn sample: where it was cut, how it was transformed, and the pixels (C×h×w floats in [0, 1]). */
    public record Crop(int y, int x, Augmentation augmentation, float[] lr, float[] hr) { }

    /** The minibatch as float arrays, sample-major, LR [n,3,p/s,p/s] then HR [n,3,p,p]. */
    public record Batch(int size, int lrSide, int hrSide, float[] lr, float[] hr) { }

    public Batch sample(FileSystem fs, BatchRecipe recipe) throws IOException {
        int p = s.hrPatch(), scale = recipe.scale(), q = p / scale, n = recipe.samples().size();
        if (p % scale != 0)
            throw new IllegalArgumentException("HR patch " + p + " is not a multiple of the scale " + scale);
        float[] lr = new float[n * 3 * q * q];
        float[] hr = new float[n * 3 * p * p];
        for (int k = 0; k < n; k++) {
            BatchRecipe.Sample ref = recipe.samples().get(k);
            Path shard = new Path(recipe.trainDir() + "/" + ref.shard());
            SubImage sub;
            try (FSDataInputStream in = fs.open(shard)) {
                in.seek(ref.offset());
                sub = SubImage.read(in, shard + "@" + ref.offset());
            }
            if (sub.scale() != scale)
                throw new IOException(shard + "@" + ref.offset() + ": a x" + sub.scale() + " record in a x" + scale + " recipe");
            crop(sub, Seeds.random(s.seed(), recipe.stage(), recipe.batch(), k), lr, k * 3 * q * q, hr, k * 3 * p * p);
        }
        return new Batch(n, q, p, lr, hr);
    }

    /** One sample drawn from {@code sub} with {@code r}; the crops land in the arrays at the offsets given. */
    Crop crop(SubImage sub, SplittableRandom r, float[] lr, int lrOffset, float[] hr, int hrOffset) {
        int p = s.hrPatch(), scale = sub.scale(), q = p / scale;
        if (sub.height() < p || sub.width() < p)
            throw new IllegalArgumentException("sub-image " + sub.width() + "x" + sub.height() + " is smaller than the "
                    + p + " px HR patch (rrlfn.train.hr-patch): prepare bigger sub-images or train on smaller patches");
        int y = scale * r.nextInt((sub.height() - p) / scale + 1);
        int x = scale * r.nextInt((sub.width() - p) / scale + 1);
        Augmentation a = Augmentation.draw(r, s);
        a.apply(sub.hr(), sub.height() * sub.width(), sub.width(), y, x, p, hr, hrOffset);
        a.apply(sub.lr(), sub.lrHeight() * sub.lrWidth(), sub.lrWidth(), y / scale, x / scale, q, lr, lrOffset);
        return new Crop(y, x, a, lr, hr);
    }

    /** One sample of one sub-image with the stream of (stage, batch, k), as {@link #sample} draws it (tests, tools). */
    public Crop draw(SubImage sub, int stage, long batch, int k) {
        int p = s.hrPatch(), q = p / sub.scale();
        float[] lr = new float[3 * q * q], hr = new float[3 * p * p];
        return crop(sub, Seeds.random(s.seed(), stage, batch, k), lr, 0, hr, 0);
    }
}
