package org.rrlfn.jobs;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;

/** Photo-like PNGs (smooth colour fields, edges and fine texture) for jobs that need real image files. */
public final class SyntheticPhotos {
    private SyntheticPhotos() { }

    public static void write(File dir, int count, int width, int height, long seed) throws IOException {
        if (!dir.isDirectory() && !dir.mkdirs()) throw new IOException("cannot create " + dir);
        Random rnd = new Random(seed);
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            double fx = 0.02 + 0.1 * rnd.nextDouble(), fy = 0.02 + 0.1 * rnd.nextDouble(), edge = width * rnd.nextDouble();
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++) {
                    double base = 0.5 + 0.3 * Math.sin(fx * x) * Math.cos(fy * y) + (x > edge + 0.3 * y ? 0.15 : -0.15);
                    double texture = 0.06 * Math.sin(1.3 * x + 0.7 * y);
                    int r = clip(base + texture), g = clip(base * 0.8 + 0.1 - texture), b = clip(1 - base + texture / 2);
                    img.setRGB(x, y, r << 16 | g << 8 | b);
                }
            ImageIO.write(img, "png", new File(dir, String.format("photo-%02d.png", i)));
        }
    }

    private static int clip(double v) {
        return (int) Math.round(255 * Math.min(1, Math.max(0, v)));
    }
}
