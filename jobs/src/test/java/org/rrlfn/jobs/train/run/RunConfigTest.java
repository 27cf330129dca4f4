package org.rrlfn.jobs.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;
import org.rrlfn.jobs.train.config.TrainSettings;

/**
 * A run's identity comes from the typed settings. Recorded runs are fixtures written as an older version would have:
 * a key added since compares equal to its current default, so the run resumes; a recorded value that is not today's
 * default stops it.
 */
class RunConfigTest {
    @TempDir File dir;

    private static Map<String, String> now(String... args) {
        return RunConfig.of(TrainSettings.from(Settings.load(List.of(args), Map.of()).config()));
    }

    private RunStore runRecorded(String fixture) throws IOException {
        RunStore store = new RunStore(dir.getPath(), new Configuration());
        try (InputStream in = RunConfigTest.class.getResourceAsStream(fixture)) {
            byte[] bytes = in.readAllBytes();
            store.writeAtomically(RunLayout.RUN_CONFIG, out -> out.write(bytes));
        }
        return store;
    }

    private static Map<String, String> recorded(RunStore store) throws IOException {
        return store.read(RunLayout.RUN_CONFIG, in -> new ObjectMapper().readValue(in, new TypeReference<TreeMap<String, String>>() { }));
    }

    @Test
    void aRunRecordedBeforeAKeyExistedResumesAtThatKeysDefault() throws Exception {
        RunStore store = runRecorded("run-config-before-channel-shuffle.json");
        assertTrue(!recorded(store).containsKey("rrlfn.train.sampling.channel-shuffle-probability"));
        RunConfig.check(store, now(), false, List.of());
        assertEquals(now(), recorded(store), "the run's record now holds the added keys");
    }

    @Test
    void aKeyTheRunDidNotRecordStillStopsTheRunWhenSetToAnotherValue() throws Exception {
        RunStore store = runRecorded("run-config-before-channel-shuffle.json");
        UserError e = assertThrows(UserError.class,
                () -> RunConfig.check(store, now("train.sampling.channel-shuffle-probability=0"), false, List.of()));
        assertTrue(e.getMessage().contains("rrlfn.train.sampling.channel-shuffle-probability: (not recorded; default 1) -> 0"),
                e.getMessage());
        UserError model = assertThrows(UserError.class,
                () -> RunConfig.check(store, now("model.esa-channels=8"), true, List.of()));
        assertTrue(model.getMessage().contains("another network"), model.getMessage());
    }

    /** A run recorded before EMA and keep existed resumes at their defaults (none, last); turning the EMA on is a change. */
    @Test
    void aRunRecordedBeforeEmaAndKeepExistedResumesWithoutThemAndNotWithThem() throws Exception {
        RunStore store = runRecorded("run-config-before-channel-shuffle.json");
        assertTrue(recorded(store).keySet().stream().noneMatch(k -> k.endsWith(".ema-decay") || k.endsWith(".keep")));
        UserError e = assertThrows(UserError.class,
                () -> RunConfig.check(store, now("train.stage-defaults.ema-decay=0.999"), false, List.of()));
        assertTrue(e.getMessage().contains("rrlfn.train.stages[0].ema-decay: (not recorded; default 0) -> 0.999"), e.getMessage());
        RunConfig.check(store, now(), false, List.of());
        assertEquals("0", recorded(store).get("rrlfn.train.stages[0].ema-decay"));
        assertEquals("last", recorded(store).get("rrlfn.train.stages[5].keep"));
    }

    @Test
    void aRecordedValueThatIsNoLongerTheDefaultStopsTheRun() throws Exception {
        RunStore store = runRecorded("run-config-without-channel-shuffle.json");
        UserError e = assertThrows(UserError.class, () -> RunConfig.check(store, now(), false, List.of()));
        assertTrue(e.getMessage().contains("rrlfn.train.sampling.channel-shuffle-probability: 0 -> 1"), e.getMessage());
        RunConfig.check(store, now("train.sampling.channel-shuffle-probability=0"), false, List.of());   // the run's value
    }

    @Test
    void aStageAppendedToTheScheduleIsNoDifferenceButAChangedOneIs() throws Exception {
        RunStore store = runRecorded("run-config-before-channel-shuffle.json");
        String six = Settings.defaults().getList("rrlfn.train.stages").render(com.typesafe.config.ConfigRenderOptions.concise());
        String seven = six.substring(0, six.length() - 1) + ",{\"name\":\"x4-more\",\"scale\":4,\"init\":\"previous\",\"iterations\":10}]";
        RunConfig.check(store, now("train.stages=" + seven), false, List.of());
        UserError e = assertThrows(UserError.class,
                () -> RunConfig.check(store, now("train.stages=" + seven, "train.stage-defaults.iterations=300000"), false,
                        List.of()));
        assertTrue(e.getMessage().contains("rrlfn.train.stages[0].iterations: 400000 -> 300000"), e.getMessage());
    }

    /**
     * A run recorded before a stage could set its crop resumes with the run's crop, which is what its stages trained
     * on; a stage's own crop is a change to that stage, and a finished stage's cannot be forced.
     */
    @Test
    void aStagesCropDefaultsToTheRunsRecordedOne() throws Exception {
        RunStore store = runRecorded("run-config-before-channel-shuffle.json");
        assertTrue(recorded(store).keySet().stream().noneMatch(k -> k.startsWith("rrlfn.train.stages[") && k.endsWith(".hr-patch")));
        String recordedCrop = recorded(store).get("rrlfn.train.hr-patch");
        String six = Settings.defaults().getList("rrlfn.train.stages").render(com.typesafe.config.ConfigRenderOptions.concise());
        String ownCrop = six.replace("\"name\":\"x4-run3-cl\"", "\"name\":\"x4-run3-cl\",\"hr-patch\":192,\"batch-size\":16");
        UserError e = assertThrows(UserError.class,
                () -> RunConfig.check(store, now("train.stages=" + ownCrop), false, List.of()));
        assertTrue(e.getMessage().contains("rrlfn.train.stages[5].hr-patch: (not recorded; default " + recordedCrop + ") -> 192")
                && e.getMessage().contains("rrlfn.train.stages[5].batch-size: (not recorded; default 64) -> 16")
                && !e.getMessage().contains("stages[4]"), e.getMessage());
        UserError finished = assertThrows(UserError.class,
                () -> RunConfig.check(store, now("train.stages=" + ownCrop), true, List.of("x4-run3-cl")));
        assertTrue(finished.getMessage().contains("stage x4-run3-cl is finished"), finished.getMessage());
        RunConfig.check(store, now(), false, List.of());
        assertEquals(recordedCrop, recorded(store).get("rrlfn.train.stages[5].hr-patch"));
        RunConfig.check(store, now("train.stages=" + ownCrop), true, List.of("x4-run2"));
        assertEquals("192", recorded(store).get("rrlfn.train.stages[5].hr-patch"));
    }
}
