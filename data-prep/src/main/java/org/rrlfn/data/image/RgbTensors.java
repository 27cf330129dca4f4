package org.rrlfn.data.image;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** 8-bit images to and from the networks' input: NCHW float in [0, 1]. */
public final class RgbTensors {
    private RgbTensors() { }

    /** [1, 3, H, W] with values v / 255. */
    public static INDArray toNchw(Rgb8 image) {
        int h = image.height(), w = image.width();
        float[] data = new float[3 * h * w];
        int k = 0;
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) data[k++] = image.get(c, y, x) / 255f;
        return Nd4j.create(data, new long[]{1, 3, h, w}, DataType.FLOAT);
    }

    /** Image {@code n} of an NCHW batch, clipped to [0, 1] and rounded to 8 bits as a saved PNG would be. */
    public static Rgb8 fromNchw(INDArray batch, int n) {
        int h = (int) batch.size(2), w = (int) batch.size(3);
        float[] data = batch.get(org.nd4j.linalg.indexing.NDArrayIndex.point(n)).dup().data().asFloat();
        int[][][] chw = new int[3][h][w];
        int k = 0;
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) chw[c][y][x] = toByte(data[k++]);
        return new Rgb8(chw);
    }

    /** round(clip(v, 0, 1) · 255), MATLAB's im2uint8. */
    public static int toByte(float v) {
        return (int) Math.round(Math.min(1.0, Math.max(0.0, v)) * 255.0);
    }

    /** Planes as doubles in [0, 255], the metrics' input. */
    public static double[][][] planes(Rgb8 image) {
        int h = image.height(), w = image.width();
        double[][][] out = new double[3][h][w];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) out[c][y][x] = image.get(c, y, x);
        return out;
    }
}
