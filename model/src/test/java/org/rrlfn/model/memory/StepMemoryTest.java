package org.rrlfn.model.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rrlfn.model.Engine;
import org.rrlfn.model.arch.Complexity;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.losses.LossConfig;

/** The memory model: its terms by hand, and its totals against peaks measured on this machine. */
class StepMemoryTest {
    private static final LossConfig CONTRASTIVE = LossConfig.l1().withType("l1+contrastive");

    /**
     * FeatureMapsTest's network (52,770 elements a sample at LR 24) plus the label, SR − HR and |SR − HR| at HR 48:
     * 3 · 3·48·48 = 20,736, so 73,506 elements a sample; batch 2, 4 bytes each.
     */
    @Test
    void activationsAreTheForwardMapsOfTheBatchTimesTheFittedFactor() {
        StepMemory m = StepMemory.training(Engine.DL4J, FeatureMapsTest.TINY, LossConfig.l1(), 48, 2);
        assertEquals(Math.round(StepMemory.DL4J.activationFactor() * 73_506 * 2 * 4), m.activations());
        assertEquals(2 * 6_912 * 2 * 4, m.transients());
        assertEquals(7 * Complexity.parameters(FeatureMapsTest.TINY) * 4, m.parameters());
        assertEquals(m.parameters() + m.activations() + m.transients(), m.perWorker());
        assertEquals(StepMemory.DL4J.runtime() + m.perWorker(), m.total());
    }

    /**
     * Eq. 9 at HR 48 from LR 24 with extractor widths 16, 16: the bicubic negative 3·48·24 + 3·48·48 = 10,368; per
     * image (SR, HR, negative) conv1 and tanh 2 · 16·46·46 and conv2 16·44·44: 3 · 98,688 = 296,064; |a − p| and
     * |a − n| (a subtraction and an absolute value each) at both levels: 4 · (33,856 + 30,976) = 259,328.
     */
    @Test
    void theContrastiveLossAddsItsExtractorMaps() {
        long l1 = StepMemory.training(Engine.DL4J, FeatureMapsTest.TINY, LossConfig.l1(), 48, 1).activations();
        long cl = StepMemory.training(Engine.DL4J, FeatureMapsTest.TINY, CONTRASTIVE, 48, 1).activations();
        assertEquals(StepMemory.DL4J.activationFactor() * (73_506 + 565_760) * 4, cl, 1);
        assertEquals(StepMemory.DL4J.activationFactor() * 73_506 * 4, l1, 1);
    }

    /** A measured peak: scale, HR crop, per-worker batch, loss, and the VmHWM benchmark-memory printed, in GiB. */
    record Peak(int scale, int crop, int batch, LossConfig loss, double gib) { }

    /**
     * Peak RSS of a local[1] worker JVM over 3 training steps, `bin/rrlfn benchmark-memory` on this 2-core machine
     * with NHWC feature maps (docs/memory.md, 2026-12-02): the model stays within ±25 % of every
     * one.
     */
    @Test
    void theModelIsWithinAQuarterOfEveryMeasuredPeak() {
        Peak[] peaks = {
                new Peak(2, 64, 4, LossConfig.l1(), 0.79), new Peak(2, 96, 4, LossConfig.l1(), 1.10),
                new Peak(2, 96, 16, LossConfig.l1(), 2.71), new Peak(2, 128, 16, LossConfig.l1(), 4.26),
                new Peak(2, 192, 16, LossConfig.l1(), 8.95), new Peak(4, 128, 16, CONTRASTIVE, 2.75),
                new Peak(4, 256, 8, CONTRASTIVE, 4.31)};
        for (Peak p : peaks) {
            double model = StepMemory.training(Engine.DL4J, RrlfnConfig.paper(p.scale()), p.loss(), p.crop(), p.batch()).total()
                    / (double) (1L << 30);
            assertTrue(Math.abs(model - p.gib()) <= 0.25 * p.gib(), p + ": model " + model + " GiB");
        }
        // Inference of the fused x4 network on one LR tile of 128, 256 and 512 pixels (`--loss inference`).
        int[] tiles = {128, 256, 512};
        double[] measured = {0.64, 1.44, 4.79};
        for (int i = 0; i < tiles.length; i++) {
            double model = StepMemory.inference(RrlfnConfig.paper(4), tiles[i], tiles[i]).total() / (double) (1L << 30);
            assertTrue(Math.abs(model - measured[i]) <= 0.25 * measured[i], "tile " + tiles[i] + ": model " + model);
        }
    }

    @Test
    void printsGibibytes() {
        assertEquals("1.50 GiB", StepMemory.gib(3L << 29));
    }
}
