package org.rrlfn.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.jobs.SyntheticPhotos;
import org.rrlfn.jobs.train.TrainJob;
import org.rrlfn.model.dl4j.RrlfnModels;

/**
 * A real Spark standalone cluster on 127.0.0.1 (master + 2 worker JVMs, started by cluster-conf/standalone.sh)
 * and the uber jar submitted with cluster-conf/submit.sh: prepare, then training whose averaging rounds run on
 * both executors; then an executor JVM is killed mid-training and the job still finishes with a loadable model.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Pattern EXECUTORS = Pattern.compile("tasks per executor id: \\{(.*)\\}");
    @TempDir static File dir;
    private static String master;
    private static Map<String, String> env;

    @BeforeAll
    static void startCluster() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }
        master = "spark://127.0.0.1:" + port;
        env = Map.of("RRLFN_CLUSTER_DIR", new File(dir, "cluster").getPath(), "RRLFN_MASTER_PORT", String.valueOf(port),
                "RRLFN_WORKER_MEMORY", "2g",
                "RRLFN_SUBMIT_OPTS", "--conf spark.executor.memory=1500m --conf spark.executor.memoryOverhead=512m",
                "RRLFN_HEAP", "2g");
        List<String> log = run(List.of("cluster-conf/standalone.sh", "start", "2"), null);
        assertTrue(String.join("\n", log).contains("with 2 workers"), String.join("\n", log));
        SyntheticPhotos.write(new File(dir, "photos"), 6, 192, 160, 5);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        run(List.of("cluster-conf/standalone.sh", "stop"), null);
    }

    private static List<String> submit(List<String> args, Predicate<String> onLine) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("cluster-conf/submit.sh", master));
        cmd.addAll(args);
        return run(cmd, onLine);
    }

    private static List<String> tinyTraining(String run, int iterations) {
        return List.of("train", "--data", new File(dir, "prepared").getPath(), "--run", new File(dir, run).getPath(),
                "model.channels=8", "model.blocks=1", "model.esa-channels=4", "train.batch-size-per-worker=8",
                "train.averaging-frequency=2", "train.validation-images=1", "train.checkpoint-every-rounds=4",
                "train.stages=[{name = x2, scale = 2, init = scratch, iterations = " + iterations + ", lr = 2e-3}]");
    }

    @Test
    @Order(1)
    void prepareThenTrainWithAveragingOnBothExecutors() throws Exception {
        List<String> prep = submit(List.of("prepare", "--input", new File(dir, "photos").getPath(), "--output",
                new File(dir, "prepared").getPath(), "prepare.hr-patch=48", "prepare.patches-per-image=16",
                "prepare.shard-size=8", "prepare.validation-images=1", "prepare.scales=[2]"), null);
        assertTrue(new File(dir, "prepared/manifest.json").isFile(), String.join("\n", prep));

        String log = String.join("\n", submit(tinyTraining("run", 16), null));
        Matcher m = EXECUTORS.matcher(log);
        assertTrue(m.find(), log);
        Set<String> ids = new TreeSet<>();
        for (String kv : m.group(1).split(",\\s*")) ids.add(kv.split("=")[0]);
        assertEquals(2, ids.size(), "averaging rounds must run on both executors: " + m.group(0));
        assertTrue(log.contains("x2 validation: PSNR(Y)"), log);
    }

    @Test
    @Order(2)
    void trainingSurvivesALostExecutor() throws Exception {
        boolean[] killed = {false};
        List<String> lines = submit(tinyTraining("run-fault", 40), line -> {
            if (!killed[0] && line.contains("round 4/20")) {
                killed[0] = killOneExecutor();
            }
            return false;
        });
        String log = String.join("\n", lines);
        assertTrue(killed[0], "no executor JVM found to kill\n" + log);
        assertTrue(log.contains("executor") && log.contains("removed"), "the lost executor is reported\n" + log);
        assertTrue(log.contains("stage 1/1 x2: finished"), log);
        ComputationGraph model = RrlfnModels.load(new File(dir, "run-fault/" + TrainJob.finalModel("x2")), false);
        assertEquals(2, RrlfnModels.architecture(model).scale());
    }

    private static boolean killOneExecutor() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                .findFirst().map(ProcessHandle::destroyForcibly).orElse(false);
    }

    private static List<String> run(List<String> cmd, Predicate<String> onLine) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
                if (onLine != null) onLine.test(line);
            }
        }
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "timed out: " + cmd);
        assertEquals(0, p.exitValue(), cmd + "\n" + String.join("\n", lines));
        return lines;
    }
}
