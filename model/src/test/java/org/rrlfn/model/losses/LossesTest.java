package org.rrlfn.model.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.junit.jupiter.api.Test;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnLayer;
import org.rrlfn.model.dl4j.RrlfnModels;

/** The loss registry: names, the contrastive suffix, and the spellings model files already carry. */
class LossesTest {
    @Test
    void everyPixelLossComesAloneAndWithTheContrastiveTerm() {
        assertTrue(Losses.types().containsAll(java.util.List.of("l1", "l1+contrastive")), Losses.types().toString());
        LossConfig cl = LossConfig.l1().withType("l1+contrastive");
        assertTrue(cl.contrastive());
        assertEquals("l1", cl.pixel());
        assertFalse(LossConfig.l1().contrastive());
    }

    @Test
    void anUnknownTypeNamesTheRegisteredOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LossConfig.l1().withType("l2"));
        assertTrue(e.getMessage().contains("'l2'") && e.getMessage().contains("l1+contrastive"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LossConfig.l1().withType("l2+contrastive"));
    }

    @Test
    void aModelFileWithTheEnumSpellingReadsAsTheRegisteredType() {
        // Model zips written before the registry hold the loss as an enum name in the layer's JSON.
        LossConfig cl = LossConfig.l1().withType("l1+contrastive").withWeight(0.25);
        var g = RrlfnModels.create(new RrlfnLayer(RrlfnConfig.paper(2).withWidth(8, 1, 4), cl), 1,
                RrlfnModels.adam(1e-3), org.nd4j.linalg.api.buffer.DataType.FLOAT);
        String json = g.getConfiguration().toJson();
        assertTrue(json.contains("\"loss\" : \"l1+contrastive\""), json);
        var old = ComputationGraphConfiguration.fromJson(json.replace("\"loss\" : \"l1+contrastive\"", "\"loss\" : \"L1_CONTRASTIVE\""));
        var reread = new org.deeplearning4j.nn.graph.ComputationGraph(old);
        reread.init();
        assertEquals(cl, RrlfnModels.layer(reread).lossConfig());
    }
}
