package org.rrlfn.jobs.train.config;

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
import org.rrlfn.jobs.train.TrainCommand;

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

    /** A learning rate must be a positive finite number: Infinity trains nothing useful, as NaN, 0 and -1 would not. */
    @Test
    void anInfiniteLearningRateIsRefusedAsNaNZeroAndNegativeAre() {
        for (String lr : List.of("Infinity", "NaN", "0", "-1")) {
            UserError defaults = assertThrows(UserError.class, () -> settings(
                    "[{name = a, scale = 2, init = scratch, iterations = 1}]", "train.stage-defaults.lr=" + lr), lr);
            assertTrue(defaults.getMessage().contains("rrlfn.train.stages[0]") && defaults.getMessage().contains("lr"),
                    defaults.getMessage());
        }
        UserError own = assertThrows(UserError.class, () -> settings(
                "[{name = a, scale = 2, init = scratch, iterations = 1, lr = Infinity}]"));
        assertTrue(own.getMessage().contains("rrlfn.train.stages[0]") && own.getMessage().contains("Infinity"),
                own.getMessage());
    }

    /** Gradients are all-reduced only by the barrier path's process group; a typo names the key and both values. */
    @Test
    void gradientSyncNeedsTheBarrierPath() {
        String one = "[{name = a, scale = 2, init = scratch, iterations = 1}]";
        assertEquals(Sync.PARAMETERS, settings(one).sync());
        assertEquals(Sync.GRADIENTS, settings(one, "train.sync=gradients").sync());
        UserError e = assertThrows(UserError.class, () -> settings(one, "train.sync=gradients", "train.averaging=dl4j"));
        assertEquals("rrlfn.train.sync = gradients all-reduces among a barrier stage's workers, but"
                + " rrlfn.train.averaging = dl4j: set averaging = barrier, or sync = parameters", e.getMessage());
        UserError typo = assertThrows(UserError.class, () -> settings(one, "train.sync=gradient"));
        assertEquals("rrlfn.train.sync must be parameters or gradients, got 'gradient'", typo.getMessage());
    }

    /** The retired path names what replaced it; another unknown path names the two there are. */
    @Test
    void residentIsRefusedNamingItsReplacement() {
        String one = "[{name = a, scale = 2, init = scratch, iterations = 1}]";
        UserError e = assertThrows(UserError.class, () -> settings(one, "train.averaging=resident"));
        assertEquals("rrlfn.train.averaging resident is retired: barrier computes the same rounds with an all-reduce"
                + " among the workers (set barrier, or dl4j for DL4J's own master)", e.getMessage());
        UserError typo = assertThrows(UserError.class, () -> settings(one, "train.averaging=barier"));
        assertEquals("rrlfn.train.averaging must be barrier or dl4j, got 'barier'", typo.getMessage());
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

    private static TrainSettings withProfile(String... args) {
        Settings.Loaded loaded = Settings.load(List.of(args), TrainCommand.COMMAND.options());
        return TrainSettings.from(TrainSettings.withProfile(loaded, loaded.config().getString(TrainSettings.PATH + ".profile")));
    }

    @Test
    void theDemoProfileIsAFileOfDefaultsThatAUsersOwnKeysOverride() {
        TrainSettings demo = withProfile("--profile", "demo");
        assertEquals(6, demo.stages().size());
        for (Stage s : demo.stages()) {
            // The x4 stages get more steps (demo.conf: the 16 sub-pixel kernels need them to stop making blocks).
            assertEquals(s.scale() == 4 ? 600 : 350, s.iterations(), s.name());
            assertEquals(1e-3, s.lr(), 0);
            assertEquals(s.iterations() / 2, s.lrHalvingPeriod(), s.name());
        }
        assertEquals(96, demo.sampling().hrPatch());
        assertEquals(32, demo.batchSize());
        assertEquals(5e-4, demo.stages().get(5).loss().weight(), 0);
        assertEquals(Initialisation.BILINEAR_START, demo.initialisation());

        TrainSettings own = withProfile("--profile", "demo", "train.hr-patch=64", "train.stages=[{name = a, scale = 2,"
                + " init = scratch, lr = 3e-3}, {name = b, scale = 2, init = previous, iterations = 7}]");
        assertEquals(3e-3, own.stages().get(0).lr(), 0, "a stage's own lr wins over the demo's");
        assertEquals(350, own.stages().get(0).iterations());
        assertEquals(1e-3, own.stages().get(1).lr(), 0);
        assertEquals(7, own.stages().get(1).iterations());
        assertEquals(64, own.sampling().hrPatch());

        assertEquals(256, withProfile("--profile", "full").sampling().hrPatch());
        UserError e = assertThrows(UserError.class, () -> withProfile("--profile", "tiny"));
        assertTrue(e.getMessage().contains("rrlfn.train.profile"), e.getMessage());
    }

    @Test
    void anInitThatNamesNoEarlierStageStops() {
        for (String init : List.of("later", "{stage = later}", "a"))
            assertThrows(UserError.class, () -> settings("[{name = a, scale = 2, init = " + init + ", iterations = 1},"
                    + " {name = later, scale = 2, init = scratch, iterations = 1}]"), init);
        UserError first = assertThrows(UserError.class, () -> settings("[{name = a, scale = 2, init = previous, iterations = 1}]"));
        assertTrue(first.getMessage().contains("first stage"), first.getMessage());
    }

    /** ema-decay, raw-weights, validate-every-rounds and keep: stage keys with stage-defaults, checked before Spark. */
    @Test
    void aStageChoosesItsEmaAndWhichModelItKeeps() {
        TrainSettings s = settings("[{name = a, scale = 2, init = scratch, iterations = 1},"
                + " {name = b, scale = 2, init = previous, iterations = 1, ema-decay = 0.999, validate-every-rounds = 4,"
                + " keep = best, warmup-iterations = 10}]", "train.stage-defaults.raw-weights=true",
                "train.sampling.flip-rotate-probability=0.5");
        assertEquals(0.5, s.sampling().flipRotateProbability(), 0, "a reference 1.0 is a number key, not an integer one");
        assertEquals(Selection.LAST.emaDecay(), s.stages().get(0).selection().emaDecay(), 0);
        assertEquals(Selection.Keep.LAST, s.stages().get(0).selection().keep());
        assertEquals(0, s.stages().get(0).warmupIterations());
        Selection b = s.stages().get(1).selection();
        assertEquals(new Selection(0.999, true, 4, Selection.Keep.BEST), b);
        assertFalse(b.keepsEma(), "raw-weights from stage-defaults");
        assertEquals(10, s.stages().get(1).warmupIterations());

        for (String[] bad : new String[][]{
                {"keep = bets", "rrlfn.train.stages[0].keep must be last or best, got 'bets'"},
                {"ema-decay = 1", "rrlfn.train.stages[0].ema-decay must lie in [0, 1), got 1"},
                {"keep = best", "rrlfn.train.stages[0].keep = best needs validate-every-rounds > 0"},
                {"warmup-iterations = -1", "rrlfn.train.stages[0].warmup-iterations must be >= 0"}}) {
            UserError e = assertThrows(UserError.class,
                    () -> settings("[{name = a, scale = 2, init = scratch, iterations = 1, " + bad[0] + "}]"));
            assertTrue(e.getMessage().startsWith(bad[1]), e.getMessage());
        }
        UserError none = assertThrows(UserError.class, () -> settings(
                "[{name = a, scale = 2, init = scratch, iterations = 1, keep = best, validate-every-rounds = 1}]",
                "train.validation-images=0"));
        assertTrue(none.getMessage().startsWith("rrlfn.train.stages[0] (a) validates during the stage")
                && none.getMessage().contains("validation-images = 0"), none.getMessage());
    }

    /**
     * A stage's own crop side and global minibatch replace the run's for it alone, and reach what its steps are built
     * from; a bad one names the stage's key, a bad run-level one the run's.
     */
    @Test
    void aStageMayTrainOnItsOwnCropsAndBatch() {
        TrainSettings s = settings("[{name = a, scale = 2, init = scratch, iterations = 1},"
                + " {name = b, scale = 4, init = previous, iterations = 1, hr-patch = 192, batch-size = 8}]",
                "train.hr-patch=96", "train.batch-size=32", "train.workers=2");
        Stage a = s.stages().get(0), b = s.stages().get(1);
        assertEquals(List.of(96, 32, 192, 8), List.of(a.hrPatch(), a.batchSize(), b.hrPatch(), b.batchSize()));
        assertEquals(List.of(192, 4), List.of(s.forStage(b).sampling().hrPatch(), s.forStage(b).batchSizePerWorker()));
        assertEquals(List.of(96, 16), List.of(s.forStage(a).sampling().hrPatch(), s.forStage(a).batchSizePerWorker()));
        assertEquals(s.sampling().flipRotateProbability(), s.forStage(b).sampling().flipRotateProbability(), 0);

        UserError uneven = assertThrows(UserError.class, () -> settings(
                "[{name = a, scale = 2, init = scratch, iterations = 1, batch-size = 9}]", "train.workers=2"));
        assertTrue(uneven.getMessage().startsWith("rrlfn.train.stages[0].batch-size = 9"), uneven.getMessage());
        UserError notAMultiple = assertThrows(UserError.class, () -> settings(
                "[{name = a, scale = 2, init = scratch, iterations = 1}, {name = b, scale = 4, init = previous,"
                        + " iterations = 1, hr-patch = 98}]", "train.hr-patch=96"));
        assertTrue(notAMultiple.getMessage().startsWith("rrlfn.train.stages[1].hr-patch = 98 must be a multiple of stage b's"
                + " scale 4"), notAMultiple.getMessage());
        UserError runLevel = assertThrows(UserError.class, () -> settings(
                "[{name = a, scale = 2, init = scratch, iterations = 1}, {name = b, scale = 4, init = previous,"
                        + " iterations = 1}]", "train.hr-patch=98"));
        assertTrue(runLevel.getMessage().startsWith("rrlfn.train.hr-patch = 98 must be a multiple of stage b's scale 4"),
                runLevel.getMessage());
        assertEquals(98, settings("[{name = a, scale = 2, init = scratch, iterations = 1}, {name = b, scale = 4,"
                + " init = previous, iterations = 1, hr-patch = 96}]", "train.hr-patch=98").stages().get(0).hrPatch(),
                "a run-level crop only the x2 stage trains on need not suit x4");
    }
}
