package org.rrlfn.jobs.train.averaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.core.loader.impl.SerializedDataSetLoader;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.spark.HadoopConf;
import org.rrlfn.jobs.LocalSpark;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.config.StageInit;
import org.rrlfn.jobs.train.config.Sync;
import org.rrlfn.jobs.train.model.ModelInit;
import org.rrlfn.jobs.train.model.ModelInitTest;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.losses.LossConfig;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * One barrier task (a group of one rank) against a listener played by the test: the worker proves the secret, fits
 * the round's recipes from the state it is sent exactly as a lone rank's trainer fits them, reports, sends its state when
 * pulled, and ends its task on STOP; against a
 * listener that cannot prove the secret it fails its task, naming the driver it lost.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BarrierWorkerTest {
    private static final RrlfnConfig ARCH = RrlfnConfig.paper(2).withWidth(8, 1, 4);
    private static final Stage STAGE = new Stage("s", 2, StageInit.SCRATCH, true, 20, 1e-3, 7, LossConfig.l1());
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final ClassTag<Integer> INT = ClassTag$.MODULE$.apply(Integer.class);
    @TempDir static File dir;
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = LocalSpark.start("barrier-worker-test", "local[1]");
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @Test
    void fitsTheOrderedRecipesFromTheSentStateAndStopsOnStop() throws Exception {
        List<String> recipes = ParameterAveragingTest.shards(dir, ModelInitTest.batches(3, 31));
        ComputationGraph driver = ModelInit.fresh(ARCH, STAGE, 5);
        WorkerSetup setup = new WorkerSetup(driver.getConfiguration(), new SerializedDataSetLoader(), 2,
                new HadoopConf(new Configuration()));
        WorkerState start = WorkerState.of(driver);
        StateFrames frames = new StateFrames(new StateFrames.Shape(start.params().length, start.updater().length, 3));
        byte[] secret = Handshake.newSecret();

        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<Object>> task = launch(setup, server.getLocalPort(), secret, frames.shape());
            StateFrames.Report answer;
            WorkerState pulled;
            try (Socket s = server.accept()) {
                assertEquals(new Handshake.Peer(0, 0), Handshake.accept(s, secret, DEADLINE));
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
                DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
                StateFrames.writeOrder(out, recipes, true);
                out.write(StateFrames.state(start));
                out.flush();
                answer = frames.readResult(in);
                StateFrames.writePull(out);
                out.flush();
                pulled = frames.readState(in);
                StateFrames.writeStop(out);
                out.flush();
            }
            assertEquals(List.of(0), task.get(2, TimeUnit.MINUTES), "the task ends on STOP and returns its slot");

            try (RankTrainer same = RankTrainer.build(setup)) {
                same.load(start);
                List<WorkerSteps.Step> steps = same.fit(0, recipes, List.of());
                assertEquals(steps.stream().map(WorkerSteps.Step::iteration).toList(),
                        answer.steps().stream().map(WorkerSteps.Step::iteration).toList());
                assertArrayEquals(same.state().params(), pulled.params(), "the same fit as a lone trainer's");
                assertArrayEquals(same.state().updater(), pulled.updater());
                assertEquals(same.score(), answer.score());
            }
        }
    }

    @Test
    void aListenerWithoutTheSecretFailsTheTaskNamingTheDriver() throws Exception {
        ComputationGraph driver = ModelInit.fresh(ARCH, STAGE, 5);
        WorkerSetup setup = new WorkerSetup(driver.getConfiguration(), new SerializedDataSetLoader(), 2,
                new HadoopConf(new Configuration()));
        WorkerState start = WorkerState.of(driver);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<Object>> task = launch(setup, server.getLocalPort(), Handshake.newSecret(),
                    new StateFrames.Shape(start.params().length, start.updater().length, 3));
            try (Socket s = server.accept()) {
                assertThrows(java.io.IOException.class, () -> Handshake.accept(s, Handshake.newSecret(), DEADLINE));
            }
            Exception e = assertThrows(Exception.class, () -> task.get(2, TimeUnit.MINUTES));
            assertTrue(String.valueOf(e.getMessage()).contains("lost its driver 127.0.0.1:" + server.getLocalPort()),
                    String.valueOf(e));
        }
    }

    /** One barrier task of slot 0 running a {@link BarrierWorker}, collected on another thread. */
    private static CompletableFuture<List<Object>> launch(WorkerSetup setup, int port, byte[] secret,
                                                          StateFrames.Shape shape) {
        Broadcast<WorkerSetup> b = sc.broadcast(setup);
        BarrierWorker worker = new BarrierWorker(b, "127.0.0.1", port, secret, DEADLINE, shape,
                Sync.PARAMETERS, List.of());
        JavaRDD<Integer> slots = JavaRDD.fromRDD(sc.parallelize(List.of(0), 1).rdd().barrier()
                .mapPartitions(worker, false, INT), INT);
        return CompletableFuture.supplyAsync(() -> List.copyOf(slots.collect()));
    }
}
