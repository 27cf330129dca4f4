package org.rrlfn.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ASHA decisions against an example worked by hand. */
class AshaTest {
    /** Trial t's validation PSNR at rung k in the example: a score curve per configuration, base[t] + k. */
    static final double[] BASE = {30, 32, 31, 29, 33, 28};

    /**
     * The hand-worked example: 6 trials, η = 2, rungs at 10, 20, 40 steps, two slots. A rung promotes the top ⌊n/2⌋
     * of the n trials that reached it; the highest rung is looked at first. Each result frees a slot, which takes one
     * decision. Trial 1 finishes rung 0 before trial 0, which started first (asynchrony):
     * <pre>
     *  start               -> run 0@0, run 1@0                       (slots: 0, 1)
     *  1 reaches 0: 32     rung0 {1:32}            ⌊1/2⌋=0           -> new trial 2@0
     *  0 reaches 0: 30     rung0 {1,0}             ⌊2/2⌋=1 top [1]   -> promote 1@1
     *  2 reaches 0: 31     rung0 {1,2,0}           ⌊3/2⌋=1 [1] done  -> new trial 3@0
     *  1 reaches 1: 33     rung1 {1} ⌊1/2⌋=0; rung0 [1] done         -> new trial 4@0
     *  3 reaches 0: 29     rung0 {1,2,0,3}         ⌊4/2⌋=2 [1,2]     -> promote 2@1
     *  4 reaches 0: 33     rung0 {4,1,2,0,3}       ⌊5/2⌋=2 [4,1]     -> promote 4@1
     *  2 reaches 1: 32     rung1 {1:33,2:32}       ⌊2/2⌋=1 [1]       -> promote 1@2 (the last rung)
     *  4 reaches 1: 34     rung1 {4,1,2}           ⌊3/2⌋=1 [4]       -> promote 4@2
     *  1 reaches 2: 34     rung1 [4] done; rung0 [4,1] done          -> new trial 5@0
     *  5 reaches 0: 28     rung0 6 trials ⌊6/2⌋=3 [4,1,2] all done; no new trial, 4 runs -> wait
     *  4 reaches 2: 35     nothing running, nothing promotable       -> done
     * </pre>
     * So trials 4 (35 dB) and 1 (34 dB) complete; 2 stops at rung 1; 0, 3 and 5 stop at rung 0.
     */
    static final List<Object> EXAMPLE = List.of(
            "run 0@0", "run 1@0",
            "reach 1@0", "run 2@0", "reach 0@0", "run 1@1", "reach 2@0", "run 3@0", "reach 1@1", "run 4@0",
            "reach 3@0", "run 2@1", "reach 4@0", "run 4@1", "reach 2@1", "run 1@2", "reach 4@1", "run 4@2",
            "reach 1@2", "run 5@0", "reach 5@0", "wait", "reach 4@2", "done");

    @Test
    void promotesAndStopsAsWorkedByHandWithTrialsFinishingOutOfOrder() {
        Asha asha = new Asha(Asha.rungs(10, 2, 40), 2, BASE.length);
        assertEquals(List.of(10L, 20L, 40L), asha.rungSteps());
        List<Object> seen = new ArrayList<>();
        for (Object event : EXAMPLE) {
            String e = (String) event;
            if (e.startsWith("reach")) {
                int t = e.charAt(6) - '0', k = e.charAt(8) - '0';
                asha.report(t, k, BASE[t] + k);
                seen.add(e);
            } else {
                seen.add(describe(asha.next()));
            }
        }
        assertEquals(EXAMPLE, seen);
    }

    static String describe(Asha.Decision d) {
        return d instanceof Asha.Run r ? "run " + r.trial() + "@" + r.rung() : d instanceof Asha.Wait ? "wait" : "done";
    }

    @Test
    void rungsGrowByEtaAndTheLastIsTheWholeTrial() {
        assertEquals(List.of(10L, 30L, 90L, 100L), Asha.rungs(10, 3, 100));
        assertEquals(List.of(5L, 10L, 20L, 40L), Asha.rungs(5, 2, 40));
    }
}
