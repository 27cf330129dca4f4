package org.rrlfn.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Mean, sample standard deviation and range, against values worked by hand. */
class SpreadTest {
    @Test
    void threeValuesAsWorkedByHand() {
        // 40.1, 40.5, 39.9: mean 120.5 / 3 = 40.1666…; deviations −0.0666…, +0.3333…, −0.2666…; squares
        // 0.004444 + 0.111111 + 0.071111 = 0.186666…; / (3 − 1) = 0.093333…; √ = 0.305505.
        Spread s = Spread.of(40.1, 40.5, 39.9);
        assertEquals(3, s.n());
        assertEquals(40.166667, s.mean(), 1e-6);
        assertEquals(0.305505, s.std(), 1e-6);
        assertEquals(39.9, s.min());
        assertEquals(40.5, s.max());
        assertEquals("40.17 ± 0.31 (39.90 – 40.50)", s.render(2, false));
    }

    @Test
    void largeValuesCloseTogetherKeepTheirSpread() {
        // 1e8 + {1, 2, 3}: sample std exactly 1, which Σx² − n·mean² would lose to cancellation in doubles.
        Spread s = Spread.of(1e8 + 1, 1e8 + 2, 1e8 + 3);
        assertEquals(1e8 + 2, s.mean(), 1e-6);
        assertEquals(1.0, s.std(), 1e-9);
    }

    @Test
    void missingValuesAreLeftOutAndOneValueHasNoStandardDeviation() {
        Spread two = Spread.of(1.30, Double.NaN, 1.24);
        assertEquals(2, two.n());
        assertEquals(1.27, two.mean(), 1e-12);
        // (±0.03)² · 2 / (2 − 1) = 0.0018; √ = 0.042426.
        assertEquals(0.042426, two.std(), 1e-6);
        // −0.08, −0.06, −0.04: deviations −0.02, 0, +0.02; 0.0008 / 2 = 0.0004; √ = 0.02.
        assertEquals("-0.06 ± 0.02 (-0.08 – -0.04)", Spread.of(-0.08, -0.06, -0.04).render(2, true));
        assertEquals("+1.63 ± 0.02 (+1.61 – +1.65)", Spread.of(1.61, 1.63, 1.65).render(2, true));

        Spread one = Spread.of(Double.NaN, 2.5);
        assertEquals(1, one.n());
        assertTrue(Double.isNaN(one.std()));
        assertEquals("+2.50", one.render(2, true), "one seed: the figure alone");
        assertEquals("38.49", Spread.of(38.49, 38.49, 38.49).render(2, false), "the same on every seed: the figure alone");
        assertEquals(0, Spread.of(Double.NaN).n());
        assertEquals("-", Spread.of().render(2, false));
    }
}
