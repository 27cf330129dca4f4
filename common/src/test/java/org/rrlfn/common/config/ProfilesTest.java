package org.rrlfn.common.config;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rrlfn.common.UserError;

/** The profile files themselves live with the commands that use them (jobs: TrainSettingsTest reads demo.conf). */
class ProfilesTest {
    @Test
    void fullIsTheConfigurationAsLoadedAndAnUnknownProfileIsRefusedNamingTheKey() {
        Settings.Loaded loaded = Settings.load(List.of(), Map.of());
        assertSame(loaded.config(), Profiles.apply(loaded, "full", "rrlfn.train.profile"));
        for (String name : List.of("tiny", "../etc", "Demo")) {
            String m = assertThrows(UserError.class, () -> Profiles.apply(loaded, name, "rrlfn.train.profile")).getMessage();
            assertTrue(m.startsWith("rrlfn.train.profile must be full, demo or finetune, got '" + name + "'"), m);
        }
    }
}
