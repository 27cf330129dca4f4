package org.rrlfn.model.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConvSpecTest {

    @Test
    void sameKeepsTheSizeWithPaddingHalfTheKernel() {
        for (int k : new int[]{1, 3, 5}) {
            ConvSpec c = ConvSpec.same("b1.c5", 8, 4, k);
            assertEquals(1, c.stride());
            assertEquals(k / 2, c.padding());
            assertEquals(23, c.outSide(23));
        }
    }

    @Test
    void namesAndShapesFollowTheParameterScheme() {
        ConvSpec c = new ConvSpec("b0.esa.conv2", 16, 8, 3, 2, 0);
        assertEquals("b0.esa.conv2.W", c.weight());
        assertEquals("b0.esa.conv2.b", c.bias());
        assertArrayEquals(new long[]{8, 16, 3, 3}, c.weightShape());   // OIYX
    }

    /** floor((in + 2·pad − k) / stride) + 1, worked by hand for ESA's strided conv. */
    @Test
    void strideTwoUnpaddedSidesByHand() {
        ConvSpec c = new ConvSpec("b0.esa.conv2", 16, 16, 3, 2, 0);
        assertEquals(9, c.outSide(20));    // (20 − 3) / 2 + 1 = 9
        assertEquals(10, c.outSide(21));   // (21 − 3) / 2 + 1 = 10
        assertEquals(7, c.outSide(15));    // the smallest input ESA takes: 7 rows left for the 7×7 pool
    }
}
