package org.rrlfn.jobs.scaling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScalingModelTest {

    /**
     * Worked by hand: step 800 ms, batch 16, overhead measured 600 ms at 2 and 700 ms at 3 executors (line:
     * 400 + 100·n), 500,000 parameters (× 3 floats × 4 bytes × 2 directions = 12,000,000 bytes per executor),
     * 10 Gbit/s = 1.25e9 B/s (9.6 ms per executor). n = 8, H = 5: 4000 + 400 + 800 + 76.8 = 5276.8 ms;
     * 8·5·16 = 640 patches in 5.2768 s = 121.286 patches/s; efficiency 4000 / 5276.8 = 0.758035.
     */
    @Test
    void handWorkedRound() {
        double[] line = ScalingModel.fitOverhead(new int[]{2, 3}, new double[]{600, 700});
        assertArrayEquals(new double[]{400, 100}, line, 1e-9);
        ScalingModel m = new ScalingModel(800, 16, line[0], line[1], 500_000, 10e9 / 8);
        assertEquals(12_000_000, m.bytesPerExecutor());
        assertEquals(96_000_000, m.bytesPerRound(8));
        assertEquals(5276.8, m.roundMs(8, 5), 1e-9);
        assertEquals(121.286, m.patchesPerSecond(8, 5), 1e-3);
        assertEquals(0.758035, m.efficiency(8, 5), 1e-6);
        // H = 1 on one executor: 800 + 400 + 100 + 9.6 = 1309.6 ms.
        assertEquals(800 / 1309.6, m.efficiency(1, 1), 1e-12);
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
