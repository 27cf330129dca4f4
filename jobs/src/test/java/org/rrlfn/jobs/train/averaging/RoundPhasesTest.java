package org.rrlfn.jobs.train.averaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A round's phases: the driver's intervals from its clock readings, the workers' maxima from their reports. */
class RoundPhasesTest {
    @Test
    void driverIntervalsAndTheWorkersWorstCases() {
        List<SlotReport> slots = List.of(
                new SlotReport(0, "1", "h", true, 5, 12, 900),
                new SlotReport(1, "2", "h", false, 0, 9, 950),
                new SlotReport(2, "3", "h", true, 6, 20, 910));
        // Clock readings in ns: sent 8 ms after the start, back 1,000 ms later, applied 4 ms after that.
        RoundPhases p = RoundPhases.of(1_000_000_000L, 1_008_000_000L, 2_008_000_000L, 2_012_000_000L, slots);
        assertEquals(new RoundPhases(8, 1000, 4, 950, 20, 2), p);
    }
}
