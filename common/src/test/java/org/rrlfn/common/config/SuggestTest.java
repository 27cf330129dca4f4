package org.rrlfn.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rrlfn.common.UserError;

/** A mistyped key is answered with the nearest known key, here or elsewhere, or with the keys known here. */
class SuggestTest {
    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertEquals(0, Suggest.distance("scales", "scales"));
        assertEquals(1, Suggest.distance("scale", "scales"));
        assertEquals(1, Suggest.distance("scales", "scaled"));
        assertEquals(3, Suggest.distance("kitten", "sitting"));
        assertEquals(4, Suggest.distance("", "seed"));
    }

    @Test
    void aNearSiblingIsSuggestedFirst() {
        var reference = ConfigFactory.parseString("rrlfn.prepare { scales = [2], overwrite = false }");
        assertEquals("; did you mean 'rrlfn.prepare.scales'?", Suggest.closest("rrlfn.prepare.scale",
                reference.getObject("rrlfn.prepare"), "rrlfn.prepare", reference));
        assertEquals("; known keys here: " + String.join(", ", reference.getObject("rrlfn.prepare").keySet()),
                Suggest.closest("rrlfn.prepare.zzzzzzzzz", reference.getObject("rrlfn.prepare"), "rrlfn.prepare", reference));
    }

    @Test
    void aKeyOfAnotherSectionIsFoundWhenNothingHereIsClose() {
        var reference = ConfigFactory.parseString("rrlfn.prepare { input = x }, rrlfn.train { seed = 1 }");
        assertEquals("; did you mean 'rrlfn.train.seed'?",
                Suggest.closest("rrlfn.prepare.seeds", reference.getObject("rrlfn.prepare"), "rrlfn.prepare", reference));
    }

    @Test
    void settingsNameTheSuggestionInTheirError() {
        UserError e = assertThrows(UserError.class,
                () -> Settings.load(List.of("spark.mastr=local[1]"), Map.of()));
        assertTrue(e.getMessage().contains("did you mean 'rrlfn.spark.master'?"), e.getMessage());
    }
}
