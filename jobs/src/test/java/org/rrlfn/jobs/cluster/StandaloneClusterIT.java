package org.rrlfn.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.jobs.Docs;
import org.rrlfn.jobs.SyntheticPhotos;
import org.rrlfn.jobs.train.averaging.ChannelAttack;
import org.rrlfn.jobs.train.averaging.GradientSyncTest;
import org.rrlfn.jobs.train.run.RunLayout;
import org.rrlfn.model.Engine;
import org.rrlfn.model.dl4j.RrlfnModels;

/**
 * A real Spark standalone cluster on 127.0.0.1 as docs/cluster.md starts it: the docs' command
 * block, run line by line exactly as written (no environment added: default ports 7077/8080, the default executor
 * and worker sizes), in a folder that looks like the repository root (cluster-conf/ and jobs/ linked) with
 * synthetic photos in work/photos; only a short training schedule is appended to the train line. Then: executors
 * that cannot fit make the driver stop within its wait, naming the requested and offered resources; and training
 * survives an executor JVM killed mid-run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
    private static final Pattern EXECUTORS = Pattern.compile("tasks per executor id: \\{(.*)\\}");
    private static final String MASTER = "spark://127.0.0.1:7077";
    private static final Pattern LISTENING = Pattern.compile("averaging: listening on (\\S+:\\d+) for the stage");
    /** Appended to the documented train line: a tiny model and a one-stage demo schedule. */
    private static final String SHORT_TRAINING = " model.channels=8 model.blocks=1 model.esa-channels=4"
            + " train.averaging-frequency=2 train.validation-images=1 train.stage-defaults.iterations=20"
            + " train.stage-defaults.lr-halving-period=6 'train.stages=[{name = x2, scale = 2, init = scratch, iterations = 20}]'";
    @TempDir static File root;

    @BeforeAll
    static void userCheckout() throws Exception {
        // What a user has: the repository (scripts, the built uber jar) and a folder of photos in work/photos.
        Files.createSymbolicLink(root.toPath().resolve("cluster-conf"), Shell.ROOT.resolve("cluster-conf"));
        Files.createSymbolicLink(root.toPath().resolve("jobs"), Shell.ROOT.resolve("jobs"));
        // 9: prepare holds out 2 for validation and 4 for testing by default, 3 are left to train on.
        SyntheticPhotos.write(new File(root, "work/photos"), 9, 192, 160, 5);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        Shell.bashIn(root, "cluster-conf/standalone.sh stop", null);
    }

    /** The bash block of docs/cluster.md that starts the standalone cluster, one command a line; README shows it too. */
    static List<String> readmeBlock() {
        List<String> block = Docs.blockWith("docs/cluster.md", "cluster-conf/standalone.sh start");
        assertEquals(block, Docs.blockWith("README.md", "cluster-conf/standalone.sh start"), "README shows the same block");
        return block;
    }

    @Test
    @Order(1)
    void readmeBlockRunsAsWrittenAndPrintsProgress() throws Exception {
        List<String> block = readmeBlock();
        assertTrue(block.get(0).startsWith("cluster-conf/standalone.sh start 2"), block.toString());
        assertTrue(block.get(block.size() - 1).startsWith("cluster-conf/standalone.sh stop"), block.toString());
        StringBuilder console = new StringBuilder();
        for (String line : block) {
            boolean train = line.contains(" train ");
            Shell.Result r = Shell.bashIn(root, train ? line + SHORT_TRAINING : line, null);
            assertEquals(0, r.exit(), line + "\n" + r.text());
            console.append(r.text()).append('\n');
        }
        String log = console.toString();
        assertTrue(log.contains("with 2 workers"), log);
        assertTrue(log.contains("2 alive workers, cores 0 used of 2, memory 0 MiB used of 4096 MiB"), "status\n" + log);
        // The progress lines bin/rrlfn prints reached the console, prepare's and training's through the one log channel.
        for (String progress : List.of("prepare: 9 input files under", "prepare: images 3/3 done", "prepare: done in",
                "round 1/", "x2 validation: PSNR(Y)", "stage 1/1 x2: finished")) {
            assertTrue(log.contains(progress), "missing progress line '" + progress + "'\n" + log);
        }
        assertTrue(Pattern.compile("(?m)^\\d\\d:\\d\\d:\\d\\d INFO +rrlfn: stage 1/1 x2: finished").matcher(log).find(),
                "training's progress in the log channel's format\n" + log);
        assertTrue(!log.contains("NOP"), "no SLF4J no-operation logger\n" + log);
        Matcher m = EXECUTORS.matcher(log);
        assertTrue(m.find(), log);
        Set<String> ids = new TreeSet<>();
        for (String kv : m.group(1).split(",\\s*")) ids.add(kv.split("=")[0]);
        assertEquals(2, ids.size(), "averaging rounds must run on both executors: " + m.group(0));
        // Counted, not timed: each slot's network is built once on its executor for the stage's 10 rounds (the
        // default barrier path: one long-lived task per slot).
        assertTrue(log.contains("averaging: 2 worker network(s) built for 2 slot(s) in 10 round(s) (barrier)"), log);
        String masterLog = Files.readString(Shell.ROOT.resolve("cluster-conf/runtime/standalone/master.log"));
        assertTrue(masterLog.contains("Registering worker") && masterLog.contains("Registering app"), masterLog);
    }

    @Test
    @Order(2)
    void executorsThatCannotFitStopTheDriverWithinItsWait() throws Exception {
        assertEquals(0, Shell.bashIn(root, "cluster-conf/standalone.sh start 2", null).exit());
        Shell.Result r = Shell.bashIn(root, "cluster-conf/submit.sh " + MASTER + " prepare --input work/photos"
                + " --output \"$PWD/work/cluster/never\" 'spark.conf.\"spark.executor.memory\"=8g'"
                + " spark.executor-wait-seconds=20", null);
        String log = r.text();
        assertEquals(3, r.exit(), log);
        assertTrue(r.seconds() < 60, "stopped within the wait, not " + r.seconds() + " s\n" + log);
        assertTrue(log.contains("no executor registered with " + MASTER + " within 20 s"), log);
        assertTrue(log.contains("requested per executor: all free cores of a worker, at least 1 (spark.executor.cores "
                + "unset), 8192 MiB memory"), log);
        assertTrue(log.contains("2 alive worker(s)"), log);
        assertTrue(log.contains(": 1 core(s) (1 free), 2048 MiB memory (2048 MiB free)"), log);
        assertTrue(!new File(root, "work/cluster/never/manifest.json").exists());
    }

    /**
     * Also a stranger on the averaging port (issue 36): a serialized-object frame as the stage starts listening, and a
     * one-byte-a-second drip when the executor dies, so the restarted tasks connect while it is on the line. Both are
     * refused within the handshake deadline and change nothing else this test checks.
     */
    @Test
    @Order(3)
    void trainingSurvivesALostExecutor() throws Exception {
        boolean[] killed = {false};
        List<ChannelAttack.Connection> attackers = new ArrayList<>();
        String[] averaging = {null};
        Shell.Result r = Shell.bashIn(root, "cluster-conf/submit.sh " + MASTER + " train --data \"$PWD/work/cluster/prepared\""
                + " --run \"$PWD/work/cluster/run-fault\" model.channels=8 model.blocks=1 model.esa-channels=4"
                + " train.hr-patch=96 train.batch-size=32 train.averaging-frequency=2 train.validation-images=1 train.checkpoint-every-rounds=4"
                + " 'train.stages=[{name = x2, scale = 2, init = scratch, iterations = 40, lr = 2e-3}]'", line -> {
                    Matcher listening = LISTENING.matcher(line);
                    if (averaging[0] == null && listening.find()) {
                        averaging[0] = listening.group(1);
                        attackers.add(attack(ChannelAttack.SERIALIZED_OBJECT, averaging[0]));
                    }
                    if (!killed[0] && line.contains("round 4/20")) {
                        killed[0] = killOneExecutor();
                        attackers.add(attack(ChannelAttack.DRIP, averaging[0]));
                    }
                });
        String log = r.text();
        assertEquals(0, r.exit(), log);
        assertTrue(killed[0], "no executor JVM found to kill\n" + log);
        assertEquals(2, attackers.size(), "the driver logs where the averaging channel listens\n" + log);
        for (ChannelAttack.Connection c : attackers) {
            c.close();
            assertTrue(Pattern.compile("averaging: refused a connection from /127\\.0\\.0\\.1:" + c.localPort()
                    + ": sent \\d+ of the handshake's 80 bytes within its 10\\.0 s").matcher(log).find(), log);
        }
        assertTrue(log.contains("executor") && log.contains("removed"), "the lost executor is reported\n" + log);
        assertTrue(log.contains("stage 1/1 x2: finished"), log);
        Matcher built = Pattern.compile("averaging: (\\d+) worker network\\(s\\) built for 2 slot\\(s\\) in 20 round").matcher(log);
        assertTrue(built.find(), log);
        assertTrue(Integer.parseInt(built.group(1)) <= 8, "a lost executor costs one rebuild of the stage's networks"
                + " (barrier: the stage's tasks restart together), not one per round: " + built.group(0));
        assertTrue(log.contains("they start from the last state the driver holds and replay"),
                "the new tasks start from the driver's state and replay what it has not pulled\n" + log);
        ComputationGraph model = RrlfnModels.load(new File(root, "work/cluster/run-fault/" + RunLayout.finalModel("x2")), false);
        assertEquals(2, RrlfnModels.architecture(model).scale());
    }

    /**
     * sync = gradients with the ranks in two executor JVMs (gloo's pairs crossing between them): two ranks of 2
     * samples for 10 steps train as one worker fitting their 4 (≤ 1e-5 relative). The driver is this test's JVM,
     * with the uber jar and the executors' Java options of cluster-conf/spark-defaults.conf.
     */
    @Test
    @Order(4)
    void gradientSyncAcrossTwoExecutorJvmsTrainsAsOneWorkerOfTheWholeMinibatch() throws Exception {
        Shell.bashIn(root, "cluster-conf/standalone.sh stop", null);   // the earlier tests' cluster, if up
        assertEquals(0, Shell.bashIn(root, "cluster-conf/standalone.sh start 2", null).exit());
        File[] jars = Shell.ROOT.resolve("jobs/target").toFile().listFiles((d, n) -> n.endsWith("-spark.jar"));
        assertTrue(jars != null && jars.length == 1, "the uber jar is built before the ITs");
        SparkConf conf = new SparkConf().setMaster(MASTER).setAppName("gradient-sync-it")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1").setJars(new String[]{jars[0].getAbsolutePath()});
        for (String line : Files.readAllLines(Shell.ROOT.resolve("cluster-conf/spark-defaults.conf"))) {
            String[] kv = line.trim().split("\\s+", 2);
            if (kv.length == 2 && kv[0].startsWith("spark.executor.")) conf.set(kv[0], kv[1]);
        }
        File shards = new File(root, "work/gradient-sync");
        assertTrue(shards.mkdirs());
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            long until = System.nanoTime() + 60_000_000_000L;
            while (sc.sc().getExecutorMemoryStatus().size() < 3 && System.nanoTime() < until) Thread.sleep(200);
            assertEquals(3, sc.sc().getExecutorMemoryStatus().size(), "the driver and two executors");
            GradientSyncTest.assertTwoRanksTrainAsOneWorker(sc, shards, Engine.DL4J);
        } finally {
            Shell.bashIn(root, "cluster-conf/standalone.sh stop", null);
        }
    }

    @Test
    @Order(5)
    void startFailsWithTheLogsWhenWorkersDoNotRegister() throws Exception {
        assertEquals(0, Shell.bashIn(root, "cluster-conf/standalone.sh stop", null).exit());
        // Workers that cannot start (an unparsable memory size): the master never lists them.
        Shell.Result r = Shell.run(root, List.of("cluster-conf/standalone.sh", "start", "2"),
                java.util.Map.of("RRLFN_WORKER_MEMORY", "lots", "RRLFN_START_TIMEOUT", "15"), null);
        String log = r.text();
        assertEquals(1, r.exit(), log);
        assertTrue(r.seconds() < 40, r.seconds() + " s\n" + log);
        assertTrue(log.contains("exited before registering")
                || log.contains("0 of 2 workers registered with the master within 15 s (RRLFN_START_TIMEOUT)"), log);
        assertTrue(log.contains("--- last lines of") && log.contains("worker-1.log"), "the logs' tails are shown\n" + log);
        assertTrue(!(new java.io.File(Shell.ROOT.toFile(), "cluster-conf/runtime/standalone/master.pid").exists()),
                "a failed start stops what it started");
    }

    private static ChannelAttack.Connection attack(ChannelAttack attack, String hostPort) {
        try {
            int colon = hostPort.lastIndexOf(':');
            return attack.open(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An executor of this test's cluster (its class path runs through this test's folder), never anyone else's. */
    private static boolean killOneExecutor() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                .filter(p -> p.info().commandLine().orElse("").contains(root.getPath()))
                .findFirst().map(ProcessHandle::destroyForcibly).orElse(false);
    }
}
