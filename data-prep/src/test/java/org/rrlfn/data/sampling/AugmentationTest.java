package org.rrlfn.data.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A crop read through one of the 8 rotations/flips and 6 channel orders. */
class AugmentationTest {
    /** Rows 1-3 of a 3-channel 4x4 image, value = 100·c + 10·y + x (as bytes): the band a crop from row 1 reads. */
    private static byte[] band() {
        byte[] b = new byte[3 * 12];
        for (int c = 0; c < 3; c++) for (int y = 1; y < 4; y++) for (int x = 0; x < 4; x++) b[c * 12 + (y - 1) * 4 + x] = (byte) (100 * c + 10 * y + x);
        return b;
    }

    private static float[] crop(Augmentation a) {
        float[] out = new float[3 * 4];
        a.apply(band(), 12, 4, 1, 2, out, 0);   // the 2x2 crop at (1, 1): the band's first rows, column 1
        return out;
    }

    private static float[] values(int... v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = v[i] / 255f;
        return f;
    }

    @Test
    void identityTurnMirrorAndChannelOrder() {
        assertArrayEquals(values(11, 12, 21, 22, 111, 112, 121, 122, 211, 212, 221, 222),
                crop(new Augmentation(0, new int[]{0, 1, 2})));
        // One counter-clockwise turn: the top row becomes the right column read upwards.
        assertArrayEquals(values(12, 22, 11, 21), java.util.Arrays.copyOf(crop(new Augmentation(1, new int[]{0, 1, 2})), 4));
        // Mirror left-right.
        assertArrayEquals(values(12, 11, 22, 21), java.util.Arrays.copyOf(crop(new Augmentation(4, new int[]{0, 1, 2})), 4));
        // Channels 2, 0, 1.
        assertArrayEquals(values(211, 212, 221, 222, 11, 12, 21, 22, 111, 112, 121, 122),
                crop(new Augmentation(0, new int[]{2, 0, 1})));
    }

    @Test
    void probabilitiesZeroDrawTheIdentityAndOneDrawsAllTransforms() {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 50; i++) {
            Augmentation a = Augmentation.draw(r, new SampleSettings(16, 0, 0, 1));
            assertEquals(0, a.dihedral());
            assertArrayEquals(new int[]{0, 1, 2}, a.permutation());
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            Augmentation a = Augmentation.draw(r, new SampleSettings(16, 1, 1, 1));
            seen.add(a.dihedral() + java.util.Arrays.toString(a.permutation()));
        }
        assertEquals(48, seen.size(), "8 rotations/flips x 6 channel orders");
        assertTrue(seen.contains("0[0, 1, 2]"));
    }
}
