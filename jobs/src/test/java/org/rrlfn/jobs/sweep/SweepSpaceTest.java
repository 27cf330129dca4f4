package org.rrlfn.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;

class SweepSpaceTest {
    private static final SweepSpace SPACE = new SweepSpace(ConfigFactory.parseString(
            "\"rrlfn.train.stage-defaults.lr\" = [1e-3, 2e-3]\n\"rrlfn.model.channels\" = [24, 32, 48]\n"
                    + "\"rrlfn.train.repartition\" = [always]"));

    @Test
    void gridIsTheFullCartesianProductWithoutRepeats() {
        List<Map<String, ConfigValue>> grid = SPACE.grid();
        assertEquals(2 * 3 * 1, grid.size());
        Set<List<String>> distinct = new HashSet<>();
        for (Map<String, ConfigValue> p : grid) distinct.add(SweepSpace.asOverrides(p));
        assertEquals(6, distinct.size());
        assertEquals(List.of("rrlfn.model.channels=24", "rrlfn.train.repartition=always", "rrlfn.train.stage-defaults.lr=0.001"),
                SweepSpace.asOverrides(grid.get(0)));
    }

    @Test
    void randomDrawsAreSeededAndComeFromTheLists() {
        List<Map<String, ConfigValue>> a = SPACE.random(10, 7), b = SPACE.random(10, 7);
        assertEquals(a.stream().map(SweepSpace::asOverrides).toList(), b.stream().map(SweepSpace::asOverrides).toList());
        for (Map<String, ConfigValue> p : a) assertTrue(List.of(24, 32, 48).contains(p.get("rrlfn.model.channels").unwrapped()));
    }

    @Test
    void aTrialWithAMistypedKeyIsRejectedBeforeTraining() {
        SweepSpace bad = new SweepSpace(ConfigFactory.parseString("\"rrlfn.model.chanels\" = [8]"));
        SweepSettings s = new SweepSettings("/tmp/sweep", "grid", 1, 1, 1, bad, stages("[{name = t, scale = 2, init = scratch, iterations = 2}]"), false,
                SweepSettings.Scheduler.NONE);
        UserError e = assertThrows(UserError.class,
                () -> SweepJob.trainSettings(s, Settings.defaults(), bad.grid().get(0), 0, 0));
        assertTrue(e.getMessage().contains("rrlfn.model.chanels") && e.getMessage().contains("did you mean"), e.getMessage());
    }

    private static ConfigValue stages(String hocon) {
        return ConfigFactory.parseString("stages = " + hocon).getValue("stages");
    }

    @Test
    void trialSettingsCarryThePointAndTheSweepStages() {
        SweepSettings s = new SweepSettings("/tmp/sweep", "grid", 1, 1, 1, SPACE,
                stages("[{name = t, scale = 2, init = scratch, iterations = 7}]"), false, SweepSettings.Scheduler.NONE);
        var t = SweepJob.trainSettings(s, Settings.defaults(), SPACE.grid().get(5), 5, 0);
        assertEquals(48, t.architecture().channels());
        assertEquals(2e-3, t.stages().get(0).lr(), 0);
        assertEquals(7, t.stages().get(0).iterations());
        assertTrue(t.run().endsWith("trial-005/run"), t.run());
    }

    /**
     * Distributions draw within their bounds, seeded; integer bounds draw integers; log-uniform spreads evenly over
     * the decades: [1e-4, 1e-2] puts about half its draws below 1e-3 (uniform would put about 9 %).
     */
    @Test
    void randomSpacesMayGiveUniformLogUniformAndChoiceDistributions() {
        SweepSpace space = new SweepSpace(ConfigFactory.parseString("\"rrlfn.train.stage-defaults.lr\" = {log-uniform = [1e-4, 1e-2]}\n"
                + "\"rrlfn.model.channels\" = {uniform = [8, 12]}\n\"rrlfn.train.repartition\" = {choice = [always, never]}\n"
                + "\"rrlfn.train.contrastive.weight\" = {uniform = [0.5, 1.5]}"));
        List<Map<String, ConfigValue>> a = space.random(400, 3);
        assertEquals(a.stream().map(SweepSpace::asOverrides).toList(), space.random(400, 3).stream().map(SweepSpace::asOverrides).toList());
        int belowMilli = 0;
        Set<Object> channels = new HashSet<>(), repartitions = new HashSet<>();
        for (Map<String, ConfigValue> p : a) {
            double lr = ((Number) p.get("rrlfn.train.stage-defaults.lr").unwrapped()).doubleValue();
            assertTrue(lr >= 1e-4 && lr <= 1e-2, "lr " + lr);
            if (lr < 1e-3) belowMilli++;
            Object c = p.get("rrlfn.model.channels").unwrapped();
            assertTrue(c instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()), "channels " + c);
            channels.add(((Number) c).intValue());
            Object w = p.get("rrlfn.train.contrastive.weight").unwrapped();
            assertTrue(w instanceof Double d && d >= 0.5 && d <= 1.5, "weight " + w);
            repartitions.add(p.get("rrlfn.train.repartition").unwrapped());
        }
        assertTrue(belowMilli > 160 && belowMilli < 240, belowMilli + " of 400 below 1e-3");
        assertEquals(Set.of(8, 9, 10, 11, 12), channels);
        assertEquals(Set.of("always", "never"), repartitions);
        SweepSettings s = new SweepSettings("/tmp/sweep", "random", 1, 1, 1, space,
                stages("[{name = t, scale = 2, init = scratch, iterations = 2}]"), false, SweepSettings.Scheduler.NONE);
        assertEquals(((Number) a.get(0).get("rrlfn.model.channels").unwrapped()).intValue(),
                SweepJob.trainSettings(s, Settings.defaults(), a.get(0), 0, 0).architecture().channels(),
                "a drawn point passes training's validation");
    }

    @Test
    void aRangeHasNoGridAndBadBoundsAreRefused() {
        UserError grid = assertThrows(UserError.class, () -> new SweepSpace(ConfigFactory.parseString(
                "\"rrlfn.train.stage-defaults.lr\" = {uniform = [1e-4, 1e-3]}")).grid());
        assertTrue(grid.getMessage().contains("rrlfn.sweep.space.rrlfn.train.stage-defaults.lr is a range"), grid.getMessage());
        UserError bounds = assertThrows(UserError.class, () -> new SweepSpace(ConfigFactory.parseString(
                "\"rrlfn.train.stage-defaults.lr\" = {log-uniform = [0, 1e-3]}")));
        assertTrue(bounds.getMessage().contains("lo > 0"), bounds.getMessage());
    }
}
