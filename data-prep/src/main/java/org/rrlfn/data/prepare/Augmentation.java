package org.rrlfn.data.prepare;

import java.util.SplittableRandom;

/**
 * One patch pair's augmentation: one of the 8 symmetries of the square and an RGB permutation, applied alike to LR
 * and HR so they stay aligned. Drawn from the patch's own random stream ({@link Seeds}).
 *
 * @param dihedral    k = dihedral % 4 quarter turns counter-clockwise, then a left-right mirror if dihedral >= 4
 * @param permutation output channel c takes input channel permutation[c]
 */
record Augmentation(int dihedral, int[] permutation) {
    private static final int[][] PERMUTATIONS = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};

    static Augmentation draw(PrepareSettings s, String image, int patch) {
        SplittableRandom r = Seeds.random(s.seed(), image, patch, Seeds.AUGMENT);
        // Both coins are always tossed, so changing one probability leaves the other's choices unchanged.
        boolean geometric = r.nextDouble() < s.flipRotateProbability();
        int dihedral = r.nextInt(8);
        boolean shuffle = r.nextDouble() < s.channelShuffleProbability();
        int perm = r.nextInt(PERMUTATIONS.length);
        return new Augmentation(geometric ? dihedral : 0, PERMUTATIONS[shuffle ? perm : 0]);
    }

    /** Applies the augmentation to a square C×N×N patch, returning a new array. */
    float[][][] apply(float[][][] chw) {
        int n = chw[0].length;
        float[][][] out = new float[3][n][n];
        int turns = dihedral % 4;
        boolean mirror = dihedral >= 4;
        for (int c = 0; c < 3; c++) {
            float[][] src = chw[permutation[c]];
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    int sx = mirror ? n - 1 - x : x;     // mirror is applied last, so undone first
                    int sy = y;
                    for (int t = 0; t < turns; t++) {   // undo one counter-clockwise turn: (y, x) <- (x, n-1-y)
                        int ny = sx;
                        sx = n - 1 - sy;
                        sy = ny;
                    }
                    out[c][y][x] = src[sy][sx];
                }
            }
        }
        return out;
    }
}
