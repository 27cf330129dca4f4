package org.rrlfn.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;

/** Synthetic photos for tests: smooth colour gradients plus seeded noise, so every patch is distinct. */
public final class TestImages {
    private TestImages() { }

    public static BufferedImage gradient(int width, int height, long seed) {
        Random r = new Random(seed);
        double fx = 0.05 + r.nextDouble() * 0.1;
        double fy = 0.05 + r.nextDouble() * 0.1;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) {
                int red = clamp(128 + 100 * Math.sin(fx * x + fy * y) + r.nextGaussian() * 12);
                int green = clamp(255.0 * x / width + r.nextGaussian() * 12);
                int blue = clamp(255.0 * y / height + r.nextGaussian() * 12);
                img.setRGB(x, y, red << 16 | green << 8 | blue);
            }
        return img;
    }

    public static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, format, out)) throw new IOException("no writer for " + format);
        return out.toByteArray();
    }

    /** Channel c (0 = red) of pixel (x, y). */
    public static int sample(BufferedImage img, int c, int x, int y) {
        return img.getRGB(x, y) >> (16 - 8 * c) & 0xff;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
