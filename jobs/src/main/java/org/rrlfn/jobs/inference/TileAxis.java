package org.rrlfn.jobs.inference;

/**
 * Where the tiles lie along one image axis and how their outputs blend. Tiles are {@code tile} LR pixels long and
 * overlap by at least {@code overlap}; the last one is shifted inward to end at the border rather than shrunk, so
 * every tile has the full size (the network needs at least 15 px, and small tiles see less context). An axis no
 * longer than one tile is a single tile: the image is done whole along it.
 */
final class TileAxis {
    final int length;
    final int tile;
    final int[] starts;
    /** Per tile, the blending weight of each of its output pixels, normalised so weights at any pixel sum to 1. */
    private final float[][] weights;

    TileAxis(int length, int tile, int overlap, int scale) {
        if (tile <= overlap) throw new IllegalArgumentException("tile " + tile + " must exceed overlap " + overlap);
        this.length = length;
        this.tile = Math.min(tile, length);
        if (length <= tile) {
            starts = new int[]{0};
        } else {
            int step = tile - overlap;
            int n = 1 + (length - tile + step - 1) / step;
            starts = new int[n];
            for (int i = 0; i < n; i++) starts[i] = Math.min(i * step, length - tile);
        }
        weights = normalisedWeights(scale, overlap);
    }

    int count() { return starts.length; }

    float weight(int tileIndex, int outputOffset) { return weights[tileIndex][outputOffset]; }

    /**
     * Linear feathering: a tile's weight rises from near 0 at its edge to 1 over {@code overlap·scale} output pixels,
     * so the outermost pixels (the ones zero padding disturbs most) count least, and the sum over overlapping tiles
     * divides out. Separable weights keep the 2-D normalisation exact: Σᵢⱼ wxᵢ·wyⱼ = (Σᵢ wxᵢ)(Σⱼ wyⱼ).
     */
    private float[][] normalisedWeights(int scale, int overlap) {
        int t = tile * scale;
        double ramp = Math.max(1, overlap * scale);
        double[] sum = new double[length * scale];
        double[][] raw = new double[starts.length][t];
        for (int i = 0; i < starts.length; i++) {
            for (int d = 0; d < t; d++) {
                raw[i][d] = Math.min(1.0, Math.min((d + 0.5) / ramp, (t - d - 0.5) / ramp));
                sum[starts[i] * scale + d] += raw[i][d];
            }
        }
        float[][] w = new float[starts.length][t];
        for (int i = 0; i < starts.length; i++)
            for (int d = 0; d < t; d++) w[i][d] = (float) (raw[i][d] / sum[starts[i] * scale + d]);
        return w;
    }
}
