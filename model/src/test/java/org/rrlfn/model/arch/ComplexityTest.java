package org.rrlfn.model.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.rrlfn.model.dl4j.RrlfnModels;

class ComplexityTest {
    private static final RrlfnConfig X2 = RrlfnConfig.paper(2), X4 = RrlfnConfig.paper(4);

    @Test
    void deployCountsAreThePublishedOnes() {
        // RLFN_S / the paper's Table 1-2 (454K, 470K), exact values from the RLFN reference code.
        assertEquals(454_620, Complexity.parameters(X2.withForm(RrlfnConfig.Form.DEPLOY)));
        assertEquals(470_208, Complexity.parameters(X4.withForm(RrlfnConfig.Form.DEPLOY)));
    }

    @Test
    void theBuiltNetworksCarryExactlyThoseParameters() {
        ComputationGraph g = RrlfnModels.create(X4.withForm(RrlfnConfig.Form.DEPLOY), 1);
        assertEquals(470_208, g.numParams());
        // TRAIN adds one 1×1 branch (48·48 + 48) to each of the 18 RepConvs.
        assertEquals(470_208 + 18 * (48 * 48 + 48), RrlfnModels.create(X4, 1).numParams());
    }

    @Test
    void macsMatchAHandCountOnA64x64Input() {
        // Worked by hand for 64×64 (4096 px), C = 48, f = 16, ×2 deploy:
        //   head 9·3·48 = 1296; per block 3·9·48² + 48² + 48·16 + 16² + 16·48 = 62208 + 2304 + 768 + 256 + 768;
        //   body 9·48² = 20736; upsampler 9·48·12 = 5184; all per pixel.
        //   ESA conv2 on 31×31 = 961 px, conv3 on 9×9 = 81 px, each 9·16² = 2304 MACs a pixel.
        long perPixel = 1296 + 6L * (62208 + 2304 + 768 + 256 + 768) + 20736 + 5184;
        long expected = 4096 * perPixel + 6L * (961 + 81) * 2304;
        assertEquals(expected, Complexity.macs(X2.withForm(RrlfnConfig.Form.DEPLOY), 64, 64));
    }
}
