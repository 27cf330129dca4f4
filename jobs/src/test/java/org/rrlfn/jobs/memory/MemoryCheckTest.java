package org.rrlfn.jobs.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;
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

    /** upscale: one task's engine on one tile; a tile of 8192 LR pixels cannot fit a 2g + 2g executor. */
    @Test
    void upscaleChecksItsTileBeforeSparkStarts() {
        List<String> args = List.of("spark.master=\"spark://127.0.0.1:1\"", "spark.conf.\"spark.executor.memory\"=2g",
                "spark.conf.\"spark.executor.memoryOverhead\"=2g");
        Config root = Settings.load(args, Map.of()).config();
        MemoryCheck.enforceUpscale(root, 256);
        UserError e = assertThrows(UserError.class, () -> MemoryCheck.enforceUpscale(root, 8192));
        assertTrue(e.getMessage().startsWith("not enough memory for a 8192 x 8192 LR tile, 48-channel x4 network: each"
                + " executor needs "), e.getMessage());
        assertTrue(e.getMessage().contains("Ways out: a smaller rrlfn.upscale.tile"), e.getMessage());
    }
}
