package org.rrlfn.data.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;

class DownscaleSettingsTest {

    @Test
    void scaleFromTheConfigurationInAndOutFromTheCommandLine(@TempDir Path dir) {
        Path out = dir.resolve("lr");
        DownscaleSettings s = DownscaleSettings.from(
                Settings.load(List.of("downscale.scale=3", dir.toString(), out.toString()), Map.of()));
        assertEquals(new DownscaleSettings(3, dir, out), s);
    }

    @Test
    void badScaleMissingInputAndWrongArgumentCountAreNamed(@TempDir Path dir) {
        UserError e = assertThrows(UserError.class, () -> new DownscaleSettings(1, dir, dir.resolve("o")));
        assertTrue(e.getMessage().startsWith("rrlfn.downscale.scale must be an integer >= 2, got 1"), e.getMessage());
        Path absent = dir.resolve("absent");
        e = assertThrows(UserError.class, () -> new DownscaleSettings(2, absent, dir.resolve("o")));
        assertEquals("downscale: " + absent + " does not exist", e.getMessage());
        e = assertThrows(UserError.class, () -> DownscaleSettings.from(Settings.load(List.of(dir.toString()), Map.of())));
        assertTrue(e.getMessage().startsWith("downscale needs IN and OUT"), e.getMessage());
    }
}
