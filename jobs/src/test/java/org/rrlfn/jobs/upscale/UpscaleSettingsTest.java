package org.rrlfn.jobs.upscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;

class UpscaleSettingsTest {
    @Test
    void everyReferenceKeyOfEveryModuleCarriesAComment() {
        Config ref = ConfigFactory.defaultReference().getConfig(Settings.ROOT);
        assertTrue(ref.hasPath("upscale.engine") && ref.hasPath("benchmark-upscale.tile"));
        for (Map.Entry<String, ConfigValue> e : ref.entrySet())
            assertFalse(e.getValue().origin().comments().isEmpty(), "no comment on rrlfn." + e.getKey());
    }

    @Test
    void optionsMapToKeysAndBadValuesNameTheKey() {
        UpscaleSettings s = UpscaleSettings.from(Settings.load(List.of("--model", "m.zip", "--input", "in",
                "--output", "out", "--engine", "dl4j"), UpscaleCommand.COMMAND.options()).config());
        assertEquals(UpscaleSettings.Engine.DL4J, s.engine());
        assertEquals("_x4", s.suffixFor(4));
        UserError e = assertThrows(UserError.class, () -> UpscaleSettings.from(Settings.load(
                List.of("--model", "m", "--input", "i", "--output", "o", "--tile", "10"), UpscaleCommand.COMMAND.options()).config()));
        assertTrue(e.getMessage().contains("rrlfn.upscale.tile"), e.getMessage());
        e = assertThrows(UserError.class, () -> UpscaleSettings.from(Settings.load(
                List.of("--model", "m", "--input", "i", "--output", "o", "--engine", "tf"), UpscaleCommand.COMMAND.options()).config()));
        assertTrue(e.getMessage().contains("rrlfn.upscale.engine"), e.getMessage());
    }
}
