package org.rrlfn.data.prepare;

import java.awt.Dimension;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import org.apache.hadoop.fs.Path;
import org.rrlfn.common.files.InputListing;
import org.rrlfn.common.spark.HadoopConf;
import org.rrlfn.data.image.ImageCodec;
import org.rrlfn.data.image.UnusableImage;

/**
 * Header-only check of one input file on an executor: readable, an image, not declaring more than
 * {@code max-declared-pixels}, and big enough for a patch and for an LR side of at least
 * {@value PrepareSettings#MIN_LR_SIDE} px at every scale.
 */
final class ImageProbe {
    /** Either the image's size or the reason it is rejected. */
    record Outcome(String path, int width, int height, String rejected) implements Serializable { }

    private ImageProbe() { }

    static Outcome probe(InputListing.InputFile f, PrepareSettings s, HadoopConf conf) {
        if (f.length() == 0) return new Outcome(f.path(), 0, 0, "empty file (0 bytes)");
        Dimension d;
        try {
            Path path = new Path(f.path());
            try (InputStream in = InputListing.open(path, conf.get())) {
                d = ImageCodec.probe(in.readAllBytes());
            }
        } catch (IOException e) {
            return new Outcome(f.path(), 0, 0, "cannot read file (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        } catch (UnusableImage e) {
            return new Outcome(f.path(), 0, 0, e.getMessage());
        }
        String reason = tooLarge(d.width, d.height, s);
        return new Outcome(f.path(), d.width, d.height, reason != null ? reason : tooSmall(d.width, d.height, s));
    }

    /** Null when the declared size is fine, else the reason: checked before anything decodes the pixels. */
    static String tooLarge(int width, int height, PrepareSettings s) {
        if ((long) width * height <= s.maxDeclaredPixels()) return null;
        return "declares " + width + "x" + height + " px, above " + PrepareSettings.PATH + ".max-declared-pixels = "
                + s.maxDeclaredPixels() + " (a decompression bomb, or raise the limit for a genuine photo); not decoded";
    }

    /** Null when the size is fine, else the reason. */
    static String tooSmall(int width, int height, PrepareSettings s) {
        int lrSide = Math.min(width, height) / s.maxScale();
        if (lrSide < PrepareSettings.MIN_LR_SIDE)
            return "too small: " + width + "x" + height + " px gives an LR side of " + lrSide + " px at x"
                    + s.maxScale() + " (minimum " + PrepareSettings.MIN_LR_SIDE + ")";
        return null;
    }
}
