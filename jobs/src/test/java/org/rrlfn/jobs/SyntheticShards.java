package org.rrlfn.jobs;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Shards in the layout `rrlfn prepare` writes (x{s}/train/*.ds + manifest.json), from smooth random
 * images with box-downscaled LR: learnable, so a loss that does not fall means a training bug.
 */
public final class SyntheticShards {
    private SyntheticShards() { }

    public static void write(File root, int[] scales, int shards, int batch, int lrSize, long seed) throws IOException {
        Random rnd = new Random(seed);
        for (int s : scales) {
            File dir = new File(root, "x" + s + "/train");
            Files.createDirectories(dir.toPath());
            for (int k = 0; k < shards; k++) {
                INDArray hr = Nd4j.zeros(DataType.FLOAT, batch, 3, lrSize * s, lrSize * s);
                for (int n = 0; n < batch; n++) smooth(hr, n, rnd);
                INDArray lr = hr.reshape(batch, 3, lrSize, s, lrSize, s).mean(3, 5);
                try (OutputStream out = new FileOutputStream(new File(dir, String.format("part-00000-%05d.ds", k)))) {
                    new DataSet(lr, hr).save(out);
                }
            }
        }
        Files.writeString(new File(root, "manifest.json").toPath(), "{\"synthetic\": true}");
    }

    private static void smooth(INDArray hr, int n, Random rnd) {
        long size = hr.size(2);
        double fx = 0.05 + 0.3 * rnd.nextDouble(), fy = 0.05 + 0.3 * rnd.nextDouble(), ph = rnd.nextDouble() * 6;
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                    hr.putScalar(new long[]{n, c, y, x},
                            0.5 + 0.4 * Math.sin(fx * x + ph + c) * Math.cos(fy * y - 0.5 * c));
    }
}
