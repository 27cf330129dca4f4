package org.rrlfn.data.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Command;
import org.rrlfn.common.files.LocalFiles;
import org.rrlfn.data.image.Bicubic;
import org.rrlfn.data.image.ImageCodec;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.data.image.UnusableImage;

/**
 * {@code rrlfn downscale --scale S IN OUT}: the MATLAB-bicubic LR image of each HR image (modcropped to a multiple
 * of S first), as PNG. IN a file: OUT is the PNG (or a folder to put it in); IN a folder: every file in it, LR PNGs
 * named after them in the folder OUT. Files that are not usable images are reported and skipped.
 */
public final class DownscaleCommand {
    public static final Command COMMAND = new Command("downscale", "MATLAB-bicubic LR image(s) as PNG: IN and OUT a file or a folder each",
            Map.of("scale", DownscaleSettings.PATH + ".scale"), List.of(DownscaleSettings.PATH), "IN OUT",
            (loaded, out) -> downscale(DownscaleSettings.from(loaded), out));

    private DownscaleCommand() { }

    /** Downscales the settings' input into their output, a line per image on {@code out}. */
    public static void downscale(DownscaleSettings settings, PrintStream out) {
        Path in = settings.input(), target = settings.output();
        int scale = settings.scale();
        int failed = 0;
        int done = 0;
        try {
            if (Files.isDirectory(in)) {
                Files.createDirectories(target);
                List<Path> files;
                try (Stream<Path> s = Files.list(in)) {
                    // Hidden and _-prefixed names (markers, _sources.tsv) are not images, as prepare's listing says.
                    files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().matches("[._].*"))
                            .sorted().toList();
                }
                Map<Path, Path> planned = new HashMap<>();
                for (Path f : files) {
                    Path dst = target.resolve(pngName(f));
                    Path earlier = planned.putIfAbsent(dst, f);
                    String clash = earlier != null ? dst + " is already the output of " + earlier
                            : files.stream().anyMatch(i -> same(i, dst)) ? dst + " is an input: it would be replaced" : null;
                    if (clash != null) {
                        out.println("skipped " + f + ": " + clash);
                        failed++;
                    } else if (convert(f, dst, scale, out)) done++;
                    else failed++;
                }
            } else {
                Path dst = Files.isDirectory(target) ? target.resolve(pngName(in)) : target;
                if (same(in, dst))
                    throw new UserError("downscale: OUT " + dst + " is the input image itself: writing it would replace"
                            + " the HR image; name another file or a folder");
                if (dst.getParent() != null) Files.createDirectories(dst.getParent());
                if (convert(in, dst, scale, out)) done++; else failed++;
            }
        } catch (IOException e) {
            throw new UserError("downscale: " + e.getMessage());
        }
        out.printf("downscaled %d image(s) by %d%s%n", done, scale, failed > 0 ? ", skipped " + failed : "");
        if (done == 0) throw new UserError("downscale: no usable image in " + in);
    }

    private static boolean convert(Path src, Path dst, int scale, PrintStream out) throws IOException {
        Rgb8 hr;
        try {
            hr = ImageCodec.read(Files.readAllBytes(src));
        } catch (UnusableImage e) {
            out.println("skipped " + src + ": " + e.getMessage());
            return false;
        }
        if (Math.min(hr.width(), hr.height()) < scale) {
            out.println("skipped " + src + ": " + hr.width() + "x" + hr.height() + " px is smaller than the scale");
            return false;
        }
        Rgb8 lr = Bicubic.downscale(hr, scale);
        LocalFiles.write(dst, o -> ImageCodec.writePng(lr, o));
        out.println(src + " (" + hr.width() + "x" + hr.height() + ") -> " + dst + " (" + lr.width() + "x" + lr.height() + ")");
        return true;
    }

    /** Whether two paths name one existing file (links and ".." resolved). */
    private static boolean same(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;   // one of them vanished while being compared: not one file
        }
    }

    private static String pngName(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return (dot > 0 ? n.substring(0, dot) : n) + ".png";
    }
}
