package org.rrlfn.jobs.eval;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.rrlfn.model.config.Settings;

/** Reads PNG/JPEG/BMP files as RGB planes [3][H][W] with values in [0, 255], as the metrics expect. */
final class RgbFiles {
    private RgbFiles() { }

    static double[][][] read(Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new Settings.Invalid(file + ": cannot read image: " + e.getMessage());
        }
        if (img == null) throw new Settings.Invalid(file + ": not an image format ImageIO reads (PNG, JPEG, BMP, GIF)");
        return planes(img);
    }

    /**
     * 8-bit samples are taken as stored: getRGB would pass gray images through a colour-space conversion and
     * change their values. Gray (with or without alpha) fills all three planes; alpha is ignored. Palette and
     * other images go through getRGB, which yields 8-bit sRGB.
     */
    static double[][][] planes(BufferedImage img) {
        int h = img.getHeight(), w = img.getWidth();
        double[][][] rgb = new double[3][h][w];
        Raster r = img.getRaster();
        boolean direct = !(img.getColorModel() instanceof IndexColorModel) && sampleBitsAre8(r);
        int bands = r.getNumBands();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (!direct) {
                    int argb = img.getRGB(x, y);
                    rgb[0][y][x] = (argb >> 16) & 0xff;
                    rgb[1][y][x] = (argb >> 8) & 0xff;
                    rgb[2][y][x] = argb & 0xff;
                } else if (bands < 3) {
                    double v = r.getSample(x, y, 0);
                    rgb[0][y][x] = v;
                    rgb[1][y][x] = v;
                    rgb[2][y][x] = v;
                } else {
                    for (int c = 0; c < 3; c++) rgb[c][y][x] = r.getSample(x, y, c);
                }
            }
        }
        return rgb;
    }

    private static boolean sampleBitsAre8(Raster r) {
        for (int s : r.getSampleModel().getSampleSize()) if (s != 8) return false;
        return true;
    }
}
