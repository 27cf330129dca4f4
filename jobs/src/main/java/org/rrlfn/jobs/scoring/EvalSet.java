package org.rrlfn.jobs.scoring;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.rrlfn.common.UserError;
import org.rrlfn.data.image.Bicubic;
import org.rrlfn.data.image.ImageCodec;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.data.image.UnusableImage;

/**
 * A benchmark set in the usual layout: an HR folder and optionally an LR folder of the same names (any Hadoop
 * file system). HR is modcropped to the scale; a missing LR is made with the MATLAB-compatible bicubic, as
 * Set5/Set14/BSD100/Urban100's LR images were.
 */
public record EvalSet(String name, int scale, List<Pair> pairs) {
    public record Pair(String name, Rgb8 hr, Rgb8 lr) { }

    public static EvalSet load(String name, String hrDir, String lrDir, int scale, int limit, Configuration hadoop)
            throws IOException {
        Path hr = new Path(hrDir);
        FileSystem fs = hr.getFileSystem(hadoop);
        if (!fs.isDirectory(hr)) throw new UserError("evaluation set '" + name + "': no HR folder " + hrDir);
        List<FileStatus> files = new ArrayList<>();
        for (FileStatus f : fs.listStatus(hr)) if (f.isFile() && isImage(f.getPath().getName())) files.add(f);
        files.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
        List<Pair> pairs = new ArrayList<>();
        for (FileStatus f : files) {
            if (limit > 0 && pairs.size() == limit) break;
            Rgb8 high = read(fs, f.getPath()).modcrop(scale);
            Rgb8 low = lrDir == null ? Bicubic.downscale(high, scale) : read(fs, lrFor(new Path(lrDir), f.getPath(), fs));
            if (low.width() * scale != high.width() || low.height() * scale != high.height())
                throw new UserError("evaluation set '" + name + "': " + f.getPath().getName() + " LR is "
                        + low.width() + "x" + low.height() + ", HR (modcropped) " + high.width() + "x" + high.height()
                        + ", not x" + scale);
            pairs.add(new Pair(stem(f.getPath().getName()), high, low));
        }
        if (pairs.isEmpty()) throw new UserError("evaluation set '" + name + "': no images in " + hrDir);
        return new EvalSet(name, scale, pairs);
    }

    private static Path lrFor(Path lrDir, Path hrFile, FileSystem fs) throws IOException {
        String stem = stem(hrFile.getName());
        for (FileStatus f : fs.listStatus(lrDir))
            if (stem(f.getPath().getName()).equals(stem) || stem(f.getPath().getName()).startsWith(stem + "x"))
                return f.getPath();
        throw new UserError("no LR image for " + hrFile.getName() + " in " + lrDir);
    }

    private static Rgb8 read(FileSystem fs, Path p) throws IOException {
        try (InputStream in = fs.open(p)) {
            return ImageCodec.read(in.readAllBytes());
        } catch (UnusableImage e) {
            throw new UserError("evaluation image " + p + ": " + e.getMessage());
        }
    }

    static boolean isImage(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".bmp")
                || n.endsWith(".tif") || n.endsWith(".tiff") || n.endsWith(".webp");
    }

    static String stem(String file) {
        int dot = file.lastIndexOf('.');
        return dot < 0 ? file : file.substring(0, dot);
    }
}
