package org.rrlfn.data.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A random stream per (seed, keys): the same keys give the same draws on any machine, other keys other draws. */
class SeedsTest {
    @Test
    void theSameKeysGiveTheSameStreamAndOtherKeysAnother() {
        assertEquals(Seeds.random(42, 1, 2).nextLong(), Seeds.random(42, 1, 2).nextLong());
        Set<Long> firsts = new HashSet<>();
        for (long[] keys : new long[][]{{}, {1}, {2}, {1, 2}, {2, 1}, {1, 2, 0}})
            firsts.add(Seeds.random(42, keys).nextLong());
        assertEquals(6, firsts.size(), "key order and count matter");
        assertNotEquals(Seeds.random(42, 7).nextLong(), Seeds.random(43, 7).nextLong());
    }

    @Test
    void mixIsSplitMix64sFinalizer() {
        assertEquals(0L, Seeds.mix(0));
        assertEquals(0xe220a8397b1dcdafL, Seeds.mix(0x9e3779b97f4a7c15L));   // SplitMix64's first output for seed 0
    }
}
