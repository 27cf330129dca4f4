package org.rrlfn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;

/** A schedule's stages as typed values: losses through the loss registry, inits as one of four kinds. */
class TrainSettingsTest {
    private static TrainSettings settings(String stages, String... more) {
        List<String> args = new ArrayList<>(List.of("train.stages=" + stages));
        args.addAll(Arrays.asList(more));
        return TrainSettings.from(Settings.load(args, Map.of()).config());
    }

    @Test
    void aLossIsATypeOrAnObjectWithItsOwnWeight() {
        TrainSettings s = settings("[{name = a, scale = 2, init = scratch, iterations = 1},"
                + " {name = b, scale = 2, init = previous, iterations = 1, loss = \"l1+contrastive\"},"
                + " {name = c, scale = 2, init = previous, iterations = 1, loss = {type = \"l1+contrastive\", weight = 0.25}},"
                + " {name = d, scale = 2, init = previous, iterations = 1, loss = {type = l1}}]",
                "train.contrastive.weight=0.125");
        List<Stage> st = s.stages();
        assertEquals("l1", st.get(0).loss().type());
        assertFalse(st.get(0).loss().contrastive());
        assertEquals("l1+contrastive", st.get(1).loss().type());
        assertEquals(0.125, st.get(1).loss().weight(), 0, "rrlfn.train.contrastive.weight unless the stage sets one");
        assertEquals(0.25, st.get(2).loss().weight(), 0);
        assertEquals("l1", st.get(3).loss().type());
        assertEquals(st.get(1).loss().extractorChannels()[0], st.get(2).loss().extractorChannels()[0]);
    }

    @Test
    void anUnknownLossNamesTheStageAndTheRegisteredTypes() {
        UserError e = assertThrows(UserError.class, () -> settings("[{name = a, scale = 2, init = scratch, iterations = 1, loss = l2}]"));
        assertTrue(e.getMessage().contains("rrlfn.train.stages[0].loss") && e.getMessage().contains("l1+contrastive"),
                e.getMessage());
        UserError key = assertThrows(UserError.class, () -> settings(
                "[{name = a, scale = 2, init = scratch, iterations = 1, loss = {type = l1, wieght = 1}}]"));
        assertTrue(key.getMessage().contains("'wieght'"), key.getMessage());
    }

    @Test
    void initIsScratchPreviousAStageOrAModelFile() {
        TrainSettings s = settings("[{name = x.zip, scale = 2, init = scratch, iterations = 1},"
                + " {name = b, scale = 2, init = previous, iterations = 1},"
                + " {name = c, scale = 2, init = x.zip, iterations = 1},"
                + " {name = d, scale = 2, init = {stage = b}, iterations = 1},"
                + " {name = e, scale = 2, init = \"hdfs:///models/m.zip\", iterations = 1},"
                + " {name = f, scale = 2, init = {model = \"/models/m\"}, iterations = 1}]");
        List<StageInit> inits = s.stages().stream().map(Stage::init).toList();
        assertEquals(List.of(StageInit.SCRATCH, StageInit.PREVIOUS, new StageInit.FromStage("x.zip"),
                new StageInit.FromStage("b"), new StageInit.ModelFile("hdfs:///models/m.zip"),
                new StageInit.ModelFile("/models/m")), inits, "a stage named x.zip is a stage, not a file");
    }

    @Test
    void anInitThatNamesNoEarlierStageStops() {
        for (String init : List.of("later", "{stage = later}", "a"))
            assertThrows(UserError.class, () -> settings("[{name = a, scale = 2, init = " + init + ", iterations = 1},"
                    + " {name = later, scale = 2, init = scratch, iterations = 1}]"), init);
        UserError first = assertThrows(UserError.class, () -> settings("[{name = a, scale = 2, init = previous, iterations = 1}]"));
        assertTrue(first.getMessage().contains("first stage"), first.getMessage());
    }
}
