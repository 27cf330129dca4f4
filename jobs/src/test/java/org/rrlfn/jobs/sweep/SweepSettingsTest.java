package org.rrlfn.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;

/** rrlfn.sweep.scheduler and its asha keys: read, or refused with the key named. */
class SweepSettingsTest {
    private static SweepSettings load(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("sweep.space.\"rrlfn.train.seed\"=[1, 2]"));
        all.addAll(List.of(args));
        return SweepSettings.from(Settings.load(all, Map.of()).config());
    }

    @Test
    void noSchedulerUnlessAshaIsAsked() {
        assertEquals(SweepSettings.Scheduler.NONE, load().scheduler());
        assertEquals(new SweepSettings.Scheduler(true, 5, 4),
                load("sweep.scheduler=asha", "sweep.asha.min-steps=5", "sweep.asha.reduction-factor=4").scheduler());
    }

    @Test
    void anUnknownSchedulerAMistypedKeyOrAnEtaBelowTwoIsRefused() {
        UserError name = assertThrows(UserError.class, () -> load("sweep.scheduler=hyperband"));
        assertTrue(name.getMessage().contains("rrlfn.sweep.scheduler must be none or asha"), name.getMessage());
        UserError key = assertThrows(UserError.class, () -> load("sweep.scheduler=asha", "sweep.asha.min-step=5"));
        assertTrue(key.getMessage().contains("rrlfn.sweep.asha.min-step") && key.getMessage().contains("did you mean"),
                key.getMessage());
        UserError eta = assertThrows(UserError.class, () -> load("sweep.scheduler=asha", "sweep.asha.reduction-factor=1"));
        assertTrue(eta.getMessage().contains("rrlfn.sweep.asha.reduction-factor must be at least 2"), eta.getMessage());
        UserError type = assertThrows(UserError.class, () -> load("sweep.asha.min-steps=ten"));
        assertTrue(type.getMessage().contains("rrlfn.sweep.asha.min-steps"), type.getMessage());
    }
}
