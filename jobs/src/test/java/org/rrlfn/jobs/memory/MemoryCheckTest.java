package org.rrlfn.jobs.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rrlfn.model.memory.StepMemory;

/** The comparison of the largest need with a budget, and its numbers. */
class MemoryCheckTest {
    private static final long GIB = 1L << 30;
    private static final List<MemoryCheck.Need> NEEDS = List.of(
            new MemoryCheck.Need("small", new StepMemory(GIB / 2, 0, GIB, 0)),
            new MemoryCheck.Need("large", new StepMemory(GIB / 2, 0, 3 * GIB, 0)));

    private static WorkerBudget budget(int workers, long bytes) {
        return new WorkerBudget("each executor", 4, workers, bytes, "how");
    }

    @Test
    void theLargestNeedTimesTheWorkersPlusTheRuntimeMustFit() {
        assertTrue(MemoryCheck.fits(NEEDS, budget(2, 6 * GIB + GIB / 2)));
        List<String> p = MemoryCheck.problems(NEEDS, budget(2, 6 * GIB));
        assertEquals(List.of("large: each executor needs 6.50 GiB (2 worker(s) x 3.00 GiB + runtime 0.50 GiB),"
                + " each executor has 6.00 GiB (how)"), p);
    }

    @Test
    void oneWorkerFewerCanFit() {
        assertFalse(MemoryCheck.fits(NEEDS, budget(2, 4 * GIB)));
        assertTrue(MemoryCheck.fits(NEEDS, budget(2, 4 * GIB).withJobWorkers(1)));
    }
}
