package org.rrlfn.jobs.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Command;
import org.rrlfn.common.config.Settings;
import org.rrlfn.data.image.ImageCodec;
import org.rrlfn.data.image.RgbTensors;
import org.rrlfn.data.image.UnusableImage;
import org.rrlfn.jobs.scoring.ImageQuality;

/**
 * {@code rrlfn metrics [--crop-border N] [--scale S] SR HR}: Y-channel PSNR, SSIM and the SR image's blockiness of
 * an SR image against its HR image, or of every image of an SR folder against the HR image with the same
 * file-name stem, then the mean.
 */
public final class MetricsCommand {
    public static final String CROP_BORDER = "rrlfn.metrics.crop-border";
    public static final String SCALE = "rrlfn.metrics.scale";
    public static final Command COMMAND = new Command("metrics",
            "Y-channel PSNR/SSIM and blockiness of SR vs HR images or folders",
            Map.of("crop-border", CROP_BORDER, "scale", SCALE),
            List.of(Settings.ROOT + ".metrics"), "SR HR", MetricsCommand::run);
    private static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "bmp");

    private MetricsCommand() { }

    static void run(Settings.Loaded loaded, PrintStream out) {
        int border = loaded.config().getInt(CROP_BORDER);
        if (border < 0) throw new UserError(CROP_BORDER + " must be >= 0, got " + border);
        int scale = loaded.config().getInt(SCALE);
        if (scale < 0) throw new UserError(SCALE + " must be >= 0, got " + scale);
        Grid grid = new Grid(border, scale == 0 ? border : scale);
        if (loaded.positional().size() != 2)
            throw new UserError("expected two paths, SR then HR (files or folders), got " + loaded.positional());
        Path sr = Path.of(loaded.positional().get(0)), hr = Path.of(loaded.positional().get(1));
        if (Files.isDirectory(sr) && Files.isDirectory(hr)) {
            folders(sr, hr, grid, out);
        } else if (Files.isRegularFile(sr) && Files.isRegularFile(hr)) {
            out.println(format(score(sr, hr, grid)));
        } else {
            throw new UserError("SR " + sr + " and HR " + hr + " must both be image files or both be folders"
                    + (Files.exists(sr) ? "" : " (" + sr + " does not exist)") + (Files.exists(hr) ? "" : " (" + hr + " does not exist)"));
        }
    }

    /** upscale's default output name: the input's stem, "_x", the scale. */
    private static final java.util.regex.Pattern UPSCALED = java.util.regex.Pattern.compile("(.+)_x[2-8]");

    /** The crop border, and the grid period blockiness measures (below 2: none). */
    private record Grid(int border, int period) { }

    private static void folders(Path srDir, Path hrDir, Grid grid, PrintStream out) {
        Map<String, Path> hr = images(hrDir), sr = withoutScaleSuffix(images(srDir), hr.keySet());
        if (!sr.keySet().equals(hr.keySet())) {
            TreeSet<String> onlySr = new TreeSet<>(sr.keySet()), onlyHr = new TreeSet<>(hr.keySet());
            onlySr.removeAll(hr.keySet());
            onlyHr.removeAll(sr.keySet());
            throw new UserError("SR folder " + srDir + " and HR folder " + hrDir + " hold different images (matched by"
                    + " file-name stem): only in SR " + onlySr + ", only in HR " + onlyHr);
        }
        if (sr.isEmpty()) throw new UserError("no images (" + String.join(", ", EXTENSIONS) + ") in " + srDir);
        double psnr = 0, ssim = 0, blockiness = 0;
        for (String stem : sr.keySet()) {
            ImageQuality.Scores s = score(sr.get(stem), hr.get(stem), grid);
            out.println(stem + " " + format(s));
            psnr += s.psnrY();
            ssim += s.ssimY();
            blockiness += s.blockinessY();
        }
        int n = sr.size();
        out.println("mean " + format(new ImageQuality.Scores(psnr / n, ssim / n, blockiness / n)) + " images=" + n);
    }

    private static ImageQuality.Scores score(Path sr, Path hr, Grid grid) {
        double[][][] a = planes(sr), b = planes(hr);
        if (a[0].length != b[0].length || a[0][0].length != b[0][0].length)
            throw new UserError("SR " + sr + " is " + a[0][0].length + "x" + a[0].length + " but HR " + hr + " is "
                    + b[0][0].length + "x" + b[0].length + " (crop the HR image to a multiple of the scale first)");
        try {
            return ImageQuality.y(a, b, grid.border(), grid.period());
        } catch (IllegalArgumentException e) {
            throw new UserError(sr + " vs " + hr + ": " + e.getMessage());
        }
    }

    /**
     * SR images named as {@code upscale} names them ({@code photo_x4.png} for {@code photo.png}) keyed by the HR stem
     * they belong to, where that stem exists among the HR images and no SR image has it already.
     */
    static Map<String, Path> withoutScaleSuffix(Map<String, Path> sr, java.util.Set<String> hrStems) {
        Map<String, Path> out = new TreeMap<>();
        for (Map.Entry<String, Path> e : sr.entrySet()) {
            java.util.regex.Matcher m = UPSCALED.matcher(e.getKey());
            boolean strip = !hrStems.contains(e.getKey()) && m.matches() && hrStems.contains(m.group(1))
                    && !sr.containsKey(m.group(1));
            out.put(strip ? m.group(1) : e.getKey(), e.getValue());
        }
        return out;
    }

    /** Image files of a folder by stem; two files with one stem (a.png, a.jpg) would make the match ambiguous. */
    private static Map<String, Path> images(Path dir) {
        Map<String, Path> byStem = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = f.getFileName().toString();
                int dot = name.lastIndexOf('.');
                if (dot <= 0 || !EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))) continue;
                Path other = byStem.put(name.substring(0, dot), f);
                if (other != null)
                    throw new UserError(dir + ": " + other.getFileName() + " and " + name + " share the stem '"
                            + name.substring(0, dot) + "'; keep one");
            }
        } catch (IOException e) {
            throw new UserError(dir + ": cannot list folder: " + e.getMessage());
        }
        return byStem;
    }

    private static String format(ImageQuality.Scores s) {
        String psnr = Double.isInfinite(s.psnrY()) ? "inf" : String.format(Locale.ROOT, "%.4f", s.psnrY());
        return "psnr_y=" + psnr + String.format(Locale.ROOT, " ssim_y=%.6f", s.ssimY())
                + (Double.isNaN(s.blockinessY()) ? "" : String.format(Locale.ROOT, " blockiness_y=%.4f", s.blockinessY()));
    }

    /** The project's one image reader (gray and 16-bit read as stored), as RGB planes in [0, 255]. */
    private static double[][][] planes(Path file) {
        try {
            return RgbTensors.planes(ImageCodec.read(java.nio.file.Files.readAllBytes(file)));
        } catch (java.io.IOException e) {
            throw new UserError(file + ": cannot read: " + e.getMessage());
        } catch (UnusableImage e) {
            throw new UserError(file + ": " + e.getMessage());
        }
    }
}
