package org.rrlfn.model.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.rrlfn.model.arch.RrlfnConfig;

/** The feature maps of one sample, counted by hand for a tiny network. */
class FeatureMapsTest {
    /** x2, 4 channels, 1 block, ESA 2, merged kernels; LR 24 x 24 (576 pixels). */
    static final RrlfnConfig TINY = RrlfnConfig.paper(2).withWidth(4, 1, 2);

    /**
     * input 3·576 = 1,728; head 4·576 = 2,304; three RepConvs (one merged conv each) and their activations 6 · 2,304
     * = 13,824; block add and 1x1 conv 2 · 2,304 = 4,608; ESA: conv1 2·576 = 1,152, conv_f 1,152, 3x3 stride-2 conv
     * to 11 x 11: 2·121 = 242, 7x7 stride-3 pool to 2 x 2: 8, conv3 8, resize rows 2·24·2 = 96 and columns 1,152,
     * add 1,152, conv4 2,304, sigmoid 2,304, multiply 2,304 (11,874); body conv and global add 2 · 2,304 = 4,608;
     * upsampler conv 12·576 = 6,912 and pixel shuffle 3·48·48 = 6,912. Sum 52,770; largest 6,912.
     */
    @Test
    void countsEveryOpOutputOfTheTrainGraph() {
        FeatureMaps maps = FeatureMaps.of(TINY, 24, 24);
        assertEquals(52_770, maps.total());
        assertEquals(6_912, maps.largest());
    }

    /** Explicit branches write a 3x3 output, a 1x1 output and their sum where the merged kernel writes one map. */
    @Test
    void explicitBranchesWriteTwoMoreMapsPerRepConv() {
        long merged = FeatureMaps.of(TINY, 24, 24).total();
        long branches = FeatureMaps.of(TINY.withMergeBranchesInGraph(false), 24, 24).total();
        assertEquals(3 * 2 * 2_304, branches - merged);
    }
}
