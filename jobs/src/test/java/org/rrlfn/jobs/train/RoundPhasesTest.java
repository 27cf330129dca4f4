package org.rrlfn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A round's phases: the driver's intervals from its clock readings, the workers' maxima from their reports. */
class RoundPhasesTest {
    @Test
    void driverIntervalsAndTheWorkersWorstCases() {
        List<RoundResult.SlotReport> slots = List.of(
                new RoundResult.SlotReport(0, "1", "h", true, 5, 40, 12, 900),
                new RoundResult.SlotReport(1, "2", "h", false, 0, 55, 9, 950),
                new RoundResult.SlotReport(2, "3", "h", true, 6, 30, 20, 910));
        // Clock readings in ns: sent 8 ms after the start, back 1,000 ms later, applied 4 ms after that.
        RoundPhases p = RoundPhases.of(1_000_000_000L, 1_008_000_000L, 2_008_000_000L, 2_012_000_000L, slots);
        assertEquals(new RoundPhases(8, 1000, 4, 950, 55, 20, 2), p);
    }
}
