package org.rrlfn.jobs;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.rrlfn.data.PreparedLayout;
import org.rrlfn.data.image.Bicubic;
import org.rrlfn.data.image.ImageCodec;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.data.sampling.SubImage;
import org.rrlfn.data.sampling.SubImageIndex;
import org.rrlfn.data.sampling.SubImageRef;

/**
 * Sub-images in the layout `rrlfn prepare` writes (x{s}/train/part-*.sub + index.tsv + manifest.json), from smooth
 * random images with box-downscaled LR: learnable, so a loss that does not fall means a training bug.
 */
public final class SyntheticSubImages {
    private SyntheticSubImages() { }

    /** Sixteen x2 training sub-images of 48 px and one 48 x 40 validation image: data for a tiny run with validation. */
    public static File withValidation(File data) throws IOException {
        write(data, new int[]{2}, 16, 48, 5);
        PreparedLayout layout = new PreparedLayout(new Path(data.toURI()));
        FileSystem fs = FileSystem.getLocal(new Configuration()).getRaw();
        Rgb8 hr = Rgb8.blank(48, 40);
        for (int c = 0; c < 3; c++) for (int y = 0; y < 40; y++) for (int x = 0; x < 48; x++) hr.set(c, y, x, (x * 5 + y * 3 + c * 40) % 256);
        try (OutputStream o = fs.create(layout.hrImage(2, PreparedLayout.HeldOut.VALIDATION, "v0"))) {
            ImageCodec.writePng(hr, o);
        }
        try (OutputStream o = fs.create(layout.lrImage(2, PreparedLayout.HeldOut.VALIDATION, "v0"))) {
            ImageCodec.writePng(Bicubic.downscale(hr, 2), o);
        }
        return data;
    }

    /** {@code count} sub-images of {@code side} HR pixels per scale, each from its own "image". */
    public static void write(File root, int[] scales, int count, int side, long seed) throws IOException {
        Random rnd = new Random(seed);
        PreparedLayout layout = new PreparedLayout(new Path(root.toURI()));
        FileSystem fs = FileSystem.getLocal(new Configuration()).getRaw();   // no .crc files beside them
        String shard = PreparedLayout.shardName(0);
        for (int s : scales) {
            List<SubImageRef> refs = new ArrayList<>();
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                    fs.create(layout.shard(s, shard))))) {
                for (int k = 0; k < count; k++) {
                    Rgb8 hr = smooth(side, rnd);
                    refs.add(new SubImageRef(shard, out.size(), side, side, String.format("img%03d", k)));
                    SubImage.write(out, s, hr, boxDown(hr, s));
                }
            }
            SubImageIndex.write(fs, layout, s, refs);
        }
        try (var out = fs.create(layout.manifest())) {
            out.write("{\"synthetic\": true}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static Rgb8 smooth(int size, Random rnd) {
        double fx = 0.05 + 0.3 * rnd.nextDouble(), fy = 0.05 + 0.3 * rnd.nextDouble(), ph = rnd.nextDouble() * 6;
        Rgb8 img = Rgb8.blank(size, size);
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                    img.set(c, y, x, (int) Math.round(255 * (0.5 + 0.4 * Math.sin(fx * x + ph + c) * Math.cos(fy * y - 0.5 * c))));
        return img;
    }

    private static Rgb8 boxDown(Rgb8 hr, int s) {
        Rgb8 lr = Rgb8.blank(hr.width() / s, hr.height() / s);
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < lr.height(); y++)
                for (int x = 0; x < lr.width(); x++) {
                    int sum = 0;
                    for (int i = 0; i < s; i++) for (int j = 0; j < s; j++) sum += hr.get(c, y * s + i, x * s + j);
                    lr.set(c, y, x, Math.round(sum / (float) (s * s)));
                }
        return lr;
    }
}
