package org.rrlfn.data.sampling;

import java.util.SplittableRandom;

/**
 * One sample's augmentation: one of the 8 symmetries of the square and an RGB permutation, applied alike to LR
 * and HR so they stay aligned.
 *
 * @param dihedral    k = dihedral % 4 quarter turns counter-clockwise, then a left-right mirror if dihedral >= 4
 * @param permutation output channel c takes input channel permutation[c]
 */
public record Augmentation(int dihedral, int[] permutation) {
    private static final int[][] PERMUTATIONS = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};

    static Augmentation draw(SplittableRandom r, SampleSettings s) {
        // Both coins are always tossed, so changing one probability leaves the other's choices unchanged.
        boolean geometric = r.nextDouble() < s.flipRotateProbability();
        int dihedral = r.nextInt(8);
        boolean shuffle = r.nextDouble() < s.channelShuffleProbability();
        int perm = r.nextInt(PERMUTATIONS.length);
        return new Augmentation(geometric ? dihedral : 0, PERMUTATIONS[shuffle ? perm : 0]);
    }

    /**
     * Writes the augmented n×n crop at column x0 of a C×H×W uint8 band whose first row is the crop's ({@code width}
     * columns, {@code plane} bytes per channel) as floats in [0, 1] (value / 255) into {@code dst} from
     * {@code offset}, channel-major.
     */
    void apply(byte[] src, int plane, int width, int x0, int n, float[] dst, int offset) {
        int turns = dihedral % 4;
        boolean mirror = dihedral >= 4;
        int i = offset;
        for (int c = 0; c < 3; c++) {
            int base = permutation[c] * plane;
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    int sx = mirror ? n - 1 - x : x;     // mirror is applied last, so undone first
                    int sy = y;
                    for (int t = 0; t < turns; t++) {   // undo one counter-clockwise turn: (y, x) <- (x, n-1-y)
                        int ny = sx;
                        sx = n - 1 - sy;
                        sy = ny;
                    }
                    dst[i++] = (src[base + sy * width + x0 + sx] & 0xff) / 255f;
                }
            }
        }
    }
}
