package org.rrlfn.jobs.upscale;

import java.util.Random;
import org.rrlfn.data.image.Rgb8;

/**
 * A photo-like test image: smooth colour gradients plus a few sinusoidal textures of random frequency and
 * direction and a little noise, so a network sees edges and texture without any real photograph on the machine.
 */
public final class SyntheticPhoto {
    private SyntheticPhoto() { }

    public static Rgb8 create(int width, int height, long seed) {
        Random rnd = new Random(seed);
        int waves = 6;
        double[][] wave = new double[waves][5];
        for (double[] w : wave) {
            double angle = rnd.nextDouble() * Math.PI, period = 4 + rnd.nextDouble() * 40;
            w[0] = Math.cos(angle) * 2 * Math.PI / period;
            w[1] = Math.sin(angle) * 2 * Math.PI / period;
            w[2] = rnd.nextDouble() * 2 * Math.PI;
            w[3] = 10 + rnd.nextDouble() * 25;
            w[4] = rnd.nextInt(3);
        }
        Rgb8 img = Rgb8.blank(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double[] v = {60 + 120.0 * x / width, 60 + 120.0 * y / height, 160 - 80.0 * (x + y) / (width + height)};
                for (double[] w : wave) v[(int) w[4]] += w[3] * Math.sin(w[0] * x + w[1] * y + w[2]);
                for (int c = 0; c < 3; c++)
                    img.set(c, y, x, (int) Math.max(0, Math.min(255, Math.round(v[c] + rnd.nextGaussian() * 3))));
            }
        }
        return img;
    }
}
