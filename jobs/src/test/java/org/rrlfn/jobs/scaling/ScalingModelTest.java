package org.rrlfn.jobs.scaling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScalingModelTest {

    /**
     * Worked by hand: step 800 ms, batch 16, overhead measured 600 ms at 2 and 700 ms at 3 executors (line:
     * 400 + 100·n), 500,000 parameters (× 3 floats × 4 bytes = 6,000,000 bytes of state), 10 Gbit/s = 1.25e9 B/s
     * (4.8 ms a copy). n = 8: torrent broadcast 1 copy; tree aggregation: scale ⌈√8⌉ = 3, 8 > 3 + ⌈8/3⌉ = 6, so 8
     * partitions become 8 / 3 = 2, each receiving ⌈8/2⌉ = 4; 2 > 3 + 1 is false, the driver receives 2: 7 copies,
     * 33.6 ms. H = 5: 4000 + 400 + 800 + 33.6 = 5233.6 ms; 8·5·16 = 640 patches in 5.2336 s = 122.287 patches/s;
     * efficiency 4000 / 5233.6 = 0.764292.
     */
    @Test
    void handWorkedRound() {
        double[] line = ScalingModel.fitOverhead(new int[]{2, 3}, new double[]{600, 700});
        assertArrayEquals(new double[]{400, 100}, line, 1e-9);
        ScalingModel m = new ScalingModel(800, 16, line[0], line[1], 500_000, 10e9 / 8);
        assertEquals(6_000_000, m.stateBytes());
        assertEquals(96_000_000, m.bytesPerRound(8, 5));
        assertEquals(7, ScalingModel.stateCopiesInSequence(8));
        assertEquals(5233.6, m.roundMs(8, 5), 1e-9);
        assertEquals(122.287, m.patchesPerSecond(8, 5), 1e-3);
        assertEquals(0.764292, m.efficiency(8, 5), 1e-6);
        // H = 1 on one executor: broadcast 1 copy + the driver receives 1: 800 + 400 + 100 + 9.6 = 1309.6 ms.
        assertEquals(800 / 1309.6, m.efficiency(1, 1), 1e-12);
    }

    /** The barrier path's star: 8 executors pass 16 copies of 6 MB through the driver's link, 76.8 ms at 10 Gbit/s. */
    @Test
    void starTransferPassesEveryCopyThroughTheDriver() {
        ScalingModel m = new ScalingModel(800, 16, 400, 100, 500_000, 10e9 / 8, ScalingModel.Transfer.STAR);
        assertEquals(76.8, m.linkMs(8), 1e-9);
        assertEquals(4000 + 400 + 800 + 76.8, m.roundMs(8, 5), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> ScalingModel.Transfer.of("mesh"));
    }

    /**
     * The barrier path's ring all-reduce: each of 8 executors sends and receives 2·7/8 = 1.75 copies of the 6 MB
     * state, 8.4 ms at 10 Gbit/s, and 64 executors barely more (1.96875 copies, 9.45 ms); the gradient alone is a
     * third of the state (one value per parameter instead of three).
     */
    @Test
    void ringAllReducePassesTwoCopiesThroughEveryLinkWhateverTheCount() {
        ScalingModel m = new ScalingModel(800, 16, 400, 100, 500_000, 10e9 / 8, ScalingModel.Transfer.of("ring"));
        assertEquals(8.4, m.linkMs(8), 1e-9);
        assertEquals(9.45, m.linkMs(64), 1e-9);
        assertEquals(0, m.linkMs(1), 1e-12, "one executor all-reduces with nobody");
        ScalingModel g = new ScalingModel(800, 16, 400, 100, 500_000, 10e9 / 8,
                ScalingModel.Transfer.of("ring-gradients"));
        assertEquals(2.8, g.linkMs(8), 1e-9);
    }

    /**
     * Gradient sync pays its exchange every step: at 8 executors, step 800 ms, overhead 400 + 100·8 = 1,200 ms and
     * 2.8 ms of link a step, H = 5 takes 5 · (800 + 1,200 + 2.8) = 10,014 ms, efficiency 800 / 2,002.8 = 39.94 %,
     * whatever H is; parameter averaging over the ring pays it once a round: 5 · 800 + 1,200 + 8.4 = 5,208.4 ms.
     */
    @Test
    void gradientSyncPaysTheExchangeEveryStep() {
        ScalingModel g = new ScalingModel(800, 16, 400, 100, 500_000, 10e9 / 8,
                ScalingModel.Transfer.of("ring-gradients"));
        assertEquals(10_014, g.roundMs(8, 5), 1e-9);
        assertEquals(800 / 2002.8, g.efficiency(8, 5), 1e-12);
        assertEquals(g.efficiency(8, 1), g.efficiency(8, 20), 1e-12);
        ScalingModel p = new ScalingModel(800, 16, 400, 100, 500_000, 10e9 / 8, ScalingModel.Transfer.of("ring"));
        assertEquals(5_208.4, p.roundMs(8, 5), 1e-9);
        assertEquals(2L * 8 * 5 * 4 * 500_000, g.bytesPerRound(8, 5), "a gradient each way every step");
    }

    /** Spark's treeAggregate(depth 2) by hand: 64 → 8 partitions of 8 each → the driver: 1 + 8 + 8 copies. */
    @Test
    void copiesOfTheStateThroughTheBusiestLinks() {
        assertEquals(3, ScalingModel.stateCopiesInSequence(2), "2 <= 2 + 1: the driver receives both");
        assertEquals(9, ScalingModel.stateCopiesInSequence(16), "scale 4: 16 -> 4 partitions of 4, then 4");
        assertEquals(17, ScalingModel.stateCopiesInSequence(64));
    }

    @Test
    void leastSquaresOverThreePointsAndNoNegativeSlope() {
        // Points (2, 10), (3, 30), (4, 20): mean (3, 20), slope = (−1·−10 + 0 + 1·0) / 2 = 5, intercept 5.
        assertArrayEquals(new double[]{5, 5}, ScalingModel.fitOverhead(new int[]{2, 3, 4}, new double[]{10, 30, 20}), 1e-9);
        // Falling overheads are noise: slope 0, the mean.
        assertArrayEquals(new double[]{650, 0}, ScalingModel.fitOverhead(new int[]{2, 3}, new double[]{700, 600}), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> ScalingModel.fitOverhead(new int[]{2}, new double[]{1}));
        assertThrows(IllegalArgumentException.class, () -> ScalingModel.fitOverhead(new int[]{2, 2}, new double[]{1, 2}));
    }
}
