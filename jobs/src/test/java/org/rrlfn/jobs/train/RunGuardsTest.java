package org.rrlfn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.files.DiskFull;
import org.rrlfn.common.files.OutputFolder;
import org.rrlfn.jobs.FullDiskFileSystem;
import org.rrlfn.jobs.LocalSpark;
import org.rrlfn.jobs.SyntheticSubImages;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.config.StageInit;
import org.rrlfn.jobs.train.config.TrainSettings;
import org.rrlfn.jobs.train.model.ModelInit;
import org.rrlfn.jobs.train.run.RunLayout;
import org.rrlfn.jobs.train.run.RunState;
import org.rrlfn.jobs.train.run.RunStore;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.losses.LossConfig;

/** A run folder keeps its configuration and survives damaged state files and checkpoints. */
class RunGuardsTest {
    private static final String STAGE = "[{name = s, scale = 2, init = scratch, iterations = 8}]";
    private static JavaSparkContext sc;
    @TempDir File dir;

    @BeforeAll
    static void start() { sc = LocalSpark.start("run-guards"); }

    @AfterAll
    static void stop() { if (sc != null) sc.close(); }

    private TrainSettings settings(File data, File run, String... more) {
        List<String> args = new ArrayList<>(List.of("train.data=" + data.getPath(), "train.run=" + run.getPath(),
                "model.channels=8", "model.blocks=1", "model.esa-channels=4", "train.batch-size=8", "train.hr-patch=32",
                "train.averaging-frequency=2", "train.checkpoint-every-rounds=1", "train.validation-images=0",
                "train.stages=" + STAGE));
        args.addAll(Arrays.asList(more));
        return TrainSettings.from(Settings.load(args, Map.of()).config());
    }

    @Test
    void resumingWithAnotherConfigurationStopsNamingEachKeyUnlessForced() throws Exception {
        File data = new File(dir, "data"), run = new File(dir, "run");
        SyntheticSubImages.write(data, new int[]{2}, 16, 48, 3);
        TrainJob.run(sc, settings(data, run));
        assertTrue(new File(run, RunLayout.RUN_CONFIG).isFile());

        UserError lr = assertThrows(UserError.class,
                () -> TrainJob.run(sc, settings(data, run, "train.stage-defaults.lr=1e-3", "train.workers=1")));
        assertTrue(lr.getMessage().contains("rrlfn.train.stages[0].lr: 0.0005 -> 0.001"), lr.getMessage());
        assertTrue(lr.getMessage().contains("rrlfn.train.workers: 2 -> 1"), lr.getMessage());
        assertTrue(lr.getMessage().contains("--force-config-change"), lr.getMessage());

        UserError width = assertThrows(UserError.class, () -> TrainJob.run(sc,
                settings(data, run, "model.channels=16", "train.force-config-change=true")));
        assertTrue(width.getMessage().contains("rrlfn.model.channels: 8 -> 16")
                && width.getMessage().contains("another network"), width.getMessage());

        // Operational keys may change; 5e-4 written as 0.0005 is the same value.
        TrainJob.run(sc, settings(data, run, "train.checkpoint-every-rounds=7", "train.stage-defaults.lr=0.0005"));
        TrainJob.run(sc, settings(data, run, "train.seed=7", "train.force-config-change=true"));
        String history = Files.readString(new File(run, RunLayout.CONFIG_HISTORY).toPath());
        assertTrue(history.contains("forced configuration change") && history.contains("seed: 20250601 -> 7"), history);
        TrainJob.run(sc, settings(data, run, "train.seed=7"));   // the forced values are the run's now
    }

    @Test
    void aForcedChangeToAFinishedStageIsRefusedNamingTheStage() throws Exception {
        File data = new File(dir, "data"), run = new File(dir, "run");
        SyntheticSubImages.write(data, new int[]{2}, 16, 48, 3);
        TrainJob.run(sc, settings(data, run));
        byte[] recorded = Files.readAllBytes(new File(run, RunLayout.RUN_CONFIG).toPath());

        // Forced, more iterations of the finished stage would be recorded and train nothing.
        UserError e = assertThrows(UserError.class, () -> TrainJob.run(sc, settings(data, run,
                "train.stages=" + STAGE.replace("iterations = 8", "iterations = 16"), "train.force-config-change=true")));
        assertTrue(e.getMessage().contains("stage s is finished") && e.getMessage().contains("iterations: 8 -> 16")
                && e.getMessage().contains("init = s"), e.getMessage());
        assertTrue(Arrays.equals(recorded, Files.readAllBytes(new File(run, RunLayout.RUN_CONFIG).toPath())), "not recorded");
        assertTrue(!new File(run, RunLayout.CONFIG_HISTORY).exists(), "no history entry");
    }

    @Test
    void emptyFoldersAndKeysWithoutTheirSectionStopBeforeSpark() {
        for (String key : List.of("run", "data")) {
            UserError e = assertThrows(UserError.class, () -> TrainSettings.from(Settings.load(
                    List.of("--" + key, ""), TrainCommand.COMMAND.options()).config()));
            assertTrue(e.getMessage().contains("rrlfn.train." + key + " is empty"), e.getMessage());
        }
        UserError e = assertThrows(UserError.class, () -> Settings.load(List.of("workers=-1"), Map.of()));
        assertTrue(e.getMessage().contains("did you mean 'rrlfn.train.workers'"), e.getMessage());
    }

    @Test
    void aForcedLearningRateReachesTheResumedCheckpointsUpdater() throws Exception {
        TrainSettings s = settings(dir, dir);
        Stage stage = s.stages().get(0);
        ComputationGraph net = ModelInit.fresh(s.architecture(), stage, 1);
        Stage faster = new Stage(stage.name(), 2, StageInit.SCRATCH, true, 8, 2e-3, 3, LossConfig.l1());
        ModelInit.continueSchedule(net, faster);
        var updater = RrlfnModels.layer(net).getUpdaterByParam("head.W");
        assertEquals(2e-3, updater.getLearningRate(2, 0), 0);
        assertEquals(1e-3, updater.getLearningRate(3, 0), 0);
        // Workers rebuild the network from the configuration's JSON.
        assertTrue(net.getConfiguration().toJson().contains("\"period\" : 3"), "schedule in the shipped JSON");
    }

    /** A run stopped in round 2 of stage s: checkpoints after rounds 1 and 2, and the state files naming them. */
    private RunStore interruptedRun(File run, TrainSettings s) throws IOException {
        run.mkdirs();
        Files.writeString(new File(run, OutputFolder.MARKER).toPath(), "{\"command\": \"train\"}");
        RunStore store = new RunStore(run.toURI().toString(), new Configuration());
        Stage stage = s.stages().get(0);
        RunState state = new RunState();
        for (int round = 1; round <= 2; round++) {
            ComputationGraph net = ModelInit.fresh(s.architecture(), stage, round);
            String ckpt = RunLayout.checkpoint("s", round);
            store.saveModel(ckpt, net, true);
            state.checkpointed("s", round, ckpt);
            state.save(store);
        }
        // Made by hand, so marked by hand as train's: only the marker makes a folder rrlfn's.
        Files.writeString(new File(run, OutputFolder.MARKER).toPath(), "{\"command\": \"train\"}");
        return store;
    }

    private static void truncate(File f) throws IOException {
        try (RandomAccessFile r = new RandomAccessFile(f, "rw")) {
            r.setLength(r.length() / 2);
        }
    }

    @Test
    void aTruncatedNewestStateOrCheckpointFallsBackToThePreviousPair() throws Exception {
        File data = new File(dir, "data"), run = new File(dir, "run");
        TrainSettings s = settings(data, run);
        RunStore store = interruptedRun(run, s);

        truncate(new File(run, RunLayout.checkpoint("s", 2)));
        Resume fromCheckpoint = Resume.from(store, RunState.readable(store));
        assertEquals(1, fromCheckpoint.state().round(), "ckpt-r2.zip is damaged: round 1's pair");

        truncate(new File(run, "state-000002.json"));     // a checksum or JSON error, wherever the cut falls
        List<RunState> states = RunState.readable(store);
        assertEquals(1, states.size());
        assertEquals(1, Resume.from(store, states).state().round());

        new File(run, ".state-000002.json.crc").delete();   // no checksum: a JSON error instead
        assertEquals(1, RunState.readable(store).size());

        truncate(new File(run, "state-000001.json"));
        UserError none = assertThrows(UserError.class, () -> RunState.readable(store));
        assertTrue(none.getMessage().contains("state-000001.json") && none.getMessage().contains("state-000002.json"),
                none.getMessage());
    }

    @Test
    void aRunWhoseNewestStateIsDamagedResumesFromThePreviousAndFinishes() throws Exception {
        File run = new File(dir, "run");
        TrainSettings s = interruptedRunWithData(run);
        truncate(new File(run, "state-000002.json"));

        RunState done = TrainJob.run(sc, s);
        assertEquals(List.of("s"), done.completed());
        assertEquals(List.of(2, 3, 4), done.rowsOf("s").stream().map(r -> r.round).toList(),
                "rounds after the surviving checkpoint (round 1) are trained again");
        assertTrue(new File(run, RunLayout.finalModel("s")).isFile());
    }

    private static void assertOneLineNaming(UserError e, String... parts) {
        for (String part : parts) assertTrue(e.getMessage().contains(part), part + " in: " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    /** {@link #interruptedRun} with sub-images to train on: the settings that resume it. */
    private TrainSettings interruptedRunWithData(File run) throws IOException {
        File data = new File(dir, "data");
        SyntheticSubImages.write(data, new int[]{2}, 16, 48, 3);
        TrainSettings s = settings(data, run);
        interruptedRun(run, s);
        return s;
    }

    @Test
    void aCorruptRunConfigStopsNamingTheFileAndLeavesItAsItIs() throws Exception {
        File run = new File(dir, "run");
        TrainSettings s = interruptedRunWithData(run);
        File config = new File(run, RunLayout.RUN_CONFIG);
        Files.writeString(config.toPath(), "{\"rrlfn.model.channels\" : \"8\", \"rrlfn.tr");   // cut mid-write
        byte[] before = Files.readAllBytes(config.toPath());

        UserError e = assertThrows(UserError.class, () -> TrainJob.run(sc, s));
        assertOneLineNaming(e, config.getName(), "does not read back");
        assertTrue(Arrays.equals(before, Files.readAllBytes(config.toPath())), "the damaged file is left for the user");
        assertEquals(2, RunState.readable(new RunStore(run.toURI().toString(), new Configuration())).get(0).sequence(),
                "no state written");
    }

    @Test
    void aRunWithNoIntactStateOrNoIntactCheckpointStopsWithWhatToDo() throws Exception {
        File run = new File(dir, "run");
        TrainSettings s = interruptedRunWithData(run);
        truncate(new File(run, "stages/s/ckpt-r1.zip"));
        truncate(new File(run, RunLayout.checkpoint("s", 2)));
        UserError noCheckpoint = assertThrows(UserError.class, () -> TrainJob.run(sc, s));
        assertOneLineNaming(noCheckpoint, "ckpt-r1.zip", "ckpt-r2.zip", "new run folder");
        assertTrue(!new File(run, RunLayout.RUN_CONFIG).exists(), "nothing recorded in a run that cannot resume");

        truncate(new File(run, "state-000001.json"));
        truncate(new File(run, "state-000002.json"));
        UserError noState = assertThrows(UserError.class, () -> TrainJob.run(sc, s));
        assertOneLineNaming(noState, "state-000001.json", "state-000002.json", "new run folder");
        assertTrue(new File(run, "state-000002.json").isFile() && !new File(run, "state-000003.json").exists(),
                "nothing written");
    }
    /**
     * A disk that fills during round 2's checkpoint (this net's checkpoints are ~46 kB; the JSON files before them
     * ~2 kB): one line naming the checkpoint, nothing half-written under a real name, and with space freed the same
     * command goes on from round 1's checkpoint to the end.
     */
    @Test
    void aFullDiskStopsNamingTheFileAndTheRerunAfterFreeingSpaceResumes() throws Exception {
        File data = new File(dir, "data"), run = new File(dir, "run");
        SyntheticSubImages.write(data, new int[]{2}, 16, 48, 3);
        FullDiskFileSystem.register(sc.hadoopConfiguration());
        TrainSettings s = settings(data, run, "train.run=" + FullDiskFileSystem.uri(run.toPath()));
        UserError e;
        FullDiskFileSystem.free(72_000);
        try {
            e = assertThrows(UserError.class, () -> TrainJob.run(sc, s));
        } finally {
            FullDiskFileSystem.free(Long.MAX_VALUE);
        }
        assertTrue(e instanceof DiskFull, "exit 2: " + e);
        assertOneLineNaming(e, new File(run, RunLayout.checkpoint("s", 2)).getPath(), "no space left",
                "run the same command again");
        RunStore store = new RunStore(run.toURI().toString(), new Configuration());
        try (var files = Files.walk(run.toPath())) {
            assertEquals(List.of(), files.filter(f -> RunStore.TEMPORARY.matcher(f.getFileName().toString()).matches())
                    .toList(), "no temporary file left");
        }
        assertTrue(!new File(run, RunLayout.checkpoint("s", 2)).exists(), "no half-written checkpoint");
        List<RunState> states = RunState.readable(store);
        assertEquals(1, states.get(0).round(), "round 1 was committed before the disk filled");
        store.loadModel(states.get(0).checkpoint(), true);   // and its checkpoint reads back

        RunState done = TrainJob.run(sc, s);
        assertEquals(List.of("s"), done.completed());
        assertEquals(List.of(1, 2, 3, 4), done.rowsOf("s").stream().map(r -> r.round).toList(),
                "round 1 kept, rounds 2-4 trained once");
        assertTrue(new File(run, RunLayout.finalModel("s")).isFile());
    }

    /**
     * A run folder that cannot be made or written stops in one line naming the key. Tests run as root, whom neither
     * chmod nor (in most containers) chattr +i stops, so the folder's parent is a regular file: that fails for anyone.
     */
    @Test
    void aRunFolderThatCannotBeWrittenStopsInOneLineNamingTheKey() throws Exception {
        File blocker = new File(dir, "a-file"), run = new File(blocker, "run");
        Files.writeString(blocker.toPath(), "not a folder");
        UserError e = assertThrows(UserError.class, () -> TrainJob.run(sc, settings(new File(dir, "data"), run)));
        assertOneLineNaming(e, "rrlfn.train.run", run.getPath(), "cannot be written");
    }

    @Test
    void moreWorkersThanTrainingSubImagesStopBeforeTheRunRecordsAnything() throws Exception {
        File data = new File(dir, "data"), run = new File(dir, "run");
        SyntheticSubImages.write(data, new int[]{2}, 2, 48, 3);
        UserError e = assertThrows(UserError.class,    // dl4j: barrier's own slot check would stop it first
                () -> TrainJob.run(sc, settings(data, run, "train.workers=4", "train.averaging=dl4j")));
        assertTrue(e.getMessage().contains("rrlfn.train.workers = 4") && e.getMessage().contains("2 x2 sub-images"),
                e.getMessage());
        assertTrue(!new File(run, RunLayout.RUN_CONFIG).exists(), "nothing recorded");
    }
}
