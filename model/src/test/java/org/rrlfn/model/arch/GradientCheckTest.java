package org.rrlfn.model.arch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Double-precision finite-difference checks of the custom pieces, on narrow configs so they run in seconds. */
class GradientCheckTest {
    private static final RrlfnConfig NARROW = RrlfnConfig.paper(2).withWidth(4, 1, 2);

    @Test
    void esa() {
        GraphProbe p = new GraphProbe(NARROW, new long[]{2, 4, 17, 16}, 1);
        assertTrue(p.gradientsMatch(q -> Esa.forward(new SameDiffBuilder(q.g), 0, q.feature()).variable(), 40));
    }

    @Test
    void wholeBlockWithTheInGraphMergedKernel() {
        GraphProbe p = new GraphProbe(NARROW, new long[]{1, 4, 15, 18}, 2);
        assertTrue(p.gradientsMatch(q -> Rrlfb.forward(new SameDiffBuilder(q.g), 0, q.feature()).variable(), 40));
    }

    @Test
    void wholeBlockWithExplicitBranches() {
        RrlfnConfig explicit = NARROW.withMergeBranchesInGraph(false).withActivation(RrlfnConfig.Activation.RELU, 0);
        GraphProbe p = new GraphProbe(explicit, new long[]{1, 4, 16, 15}, 3);
        assertTrue(p.gradientsMatch(q -> Rrlfb.forward(new SameDiffBuilder(q.g), 0, q.feature()).variable(), 40));
    }

    @Test
    void wholeNetworkAtScaleThree() {
        GraphProbe p = new GraphProbe(NARROW.withScale(3), new long[]{1, 3, 15, 15}, 4);
        assertTrue(p.gradientsMatch(q -> RrlfnNetwork.define(q.g, q.input, 15, 15), 20));
    }
}
