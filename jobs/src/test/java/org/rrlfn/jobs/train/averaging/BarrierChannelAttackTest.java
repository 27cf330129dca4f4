package org.rrlfn.jobs.train.averaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rrlfn.jobs.train.model.ModelInitTest.batches;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.Success$;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.deeplearning4j.core.loader.impl.SerializedDataSetLoader;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rrlfn.common.log.Console;
import org.rrlfn.jobs.LocalSpark;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.config.StageInit;
import org.rrlfn.jobs.train.config.Sync;
import org.rrlfn.jobs.train.model.ModelInit;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.losses.LossConfig;

/**
 * Strangers on the barrier averaging port of a running stage (local[2], two workers, three rounds): each attack of
 * {@link ChannelAttack} strikes once before the workers connect and once during the rounds, at the moment a worker
 * fails and Spark restarts the stage's tasks, so the new tasks must connect past it. Neither delays the stage by
 * more than the handshake deadline plus a second, the stage's final parameters and Adam state are bit for bit an
 * unattacked run's, the driver's heap does not grow by a frame while the stranger is connected, and the driver closes
 * each stranger's connection within the deadline, saying so in one log line.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BarrierChannelAttackTest {
    private static final Duration DEADLINE = Duration.ofSeconds(3);
    private static final Duration SLACK = Duration.ofSeconds(1);
    private static final RrlfnConfig ARCH = RrlfnConfig.paper(2).withWidth(8, 1, 4);
    private static final Stage STAGE = new Stage("s", 2, StageInit.SCRATCH, true, 20, 1e-3, 7, LossConfig.l1());
    private static final int FREQ = 2, ROUNDS = 3;
    @TempDir static File dir;
    private static JavaSparkContext sc;
    private static List<String> shards;
    private static Run unattacked;
    /** Run by the listener when a task fails: the attack during the rounds. */
    private static final AtomicReference<Runnable> onTaskFailure = new AtomicReference<>();
    private static final AtomicInteger failedTasks = new AtomicInteger();
    private static final List<String> log = new CopyOnWriteArrayList<>();
    private static final String APPENDER = "barrier-channel-test";

    /** What a run leaves and how long its first round (workers connecting) and its restarted round took. */
    private record Run(float[] params, float[] updater, double firstSeconds, double restartSeconds,
                       List<ChannelAttack.Connection> attackers) { }

    @BeforeAll
    static void stage() throws Exception {
        // Two slots for the barrier stage, and a failed task tried again (the restart during the rounds).
        sc = LocalSpark.start("barrier-channel", "local[2,4]");
        sc.sc().addSparkListener(new SparkListener() {
            @Override public void onTaskEnd(SparkListenerTaskEnd e) {
                if (e.reason() == Success$.MODULE$) return;
                failedTasks.incrementAndGet();
                Runnable r = onTaskFailure.getAndSet(null);
                if (r != null) r.run();
            }
        });
        listen();  // after Spark has set up its logging
        shards = ParameterAveragingTest.shards(dir, batches(ROUNDS * 2 * FREQ, 36));
        unattacked = run(null);
    }

    @AfterAll
    static void stop() {
        if (sc != null) sc.close();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getLoggerConfig(Console.LOGGER).removeAppender(APPENDER);
        context.updateLoggers();
    }

    @ParameterizedTest
    @EnumSource(ChannelAttack.class)
    void aStrangerBeforeTheWorkersConnectAndDuringTheRoundsChangesNothing(ChannelAttack attack) throws Exception {
        Run attacked = run(attack);
        System.out.printf("%s: first round %.2f s (unattacked %.2f s), restarted round %.2f s (unattacked %.2f s)%n",
                attack, attacked.firstSeconds(), unattacked.firstSeconds(), attacked.restartSeconds(),
                unattacked.restartSeconds());
        assertArrayEquals(unattacked.params(), attacked.params(), "parameters");
        assertArrayEquals(unattacked.updater(), attacked.updater(), "Adam state");
        double bound = (DEADLINE.toMillis() + SLACK.toMillis()) / 1000.0;
        assertTrue(attacked.firstSeconds() <= unattacked.firstSeconds() + bound, "the workers connected "
                + attacked.firstSeconds() + " s into the first round, unattacked " + unattacked.firstSeconds() + " s");
        assertTrue(attacked.restartSeconds() <= unattacked.restartSeconds() + bound, "the restarted round took "
                + attacked.restartSeconds() + " s, unattacked " + unattacked.restartSeconds() + " s");
        for (ChannelAttack.Connection c : attacked.attackers()) {
            assertTrue(c.closedByDriverWithin(DEADLINE.plus(SLACK)), attack + ": the driver must close the connection");
            String port = ":" + c.localPort() + ": ";
            List<String> lines = log.stream().filter(l -> l.contains("refused a connection from") && l.contains(port)).toList();
            assertEquals(1, lines.size(), "one line per refused connection: " + lines);
            c.close();
        }
    }

    /**
     * The workers' own port: each rank's gloo listener, open from the group's rendezvous to the stage's end. It is
     * bound to the executor's advertised address (loopback here), never to all interfaces; a stranger connecting to it
     * between two rounds with the attack's bytes leaves the stage's parameters and Adam state bit for bit an
     * unattacked run's, and the rounds after it complete (gloo reads an 8-byte pair number from a new connection and
     * holds or drops it; it never becomes a peer of the group's all-reduce).
     */
    @ParameterizedTest
    @EnumSource(ChannelAttack.class)
    void aStrangerOnTheWorkersGlooListenersChangesNothing(ChannelAttack attack) throws Exception {
        ComputationGraph net = ModelInit.fresh(ARCH, STAGE, 5);
        Map<Integer, String> before = ListeningSockets.ofThisProcess();
        List<ChannelAttack.Connection> attackers = new ArrayList<>();
        try (BarrierAveraging stage = new BarrierAveraging(sc, net, 2, 1, new SerializedDataSetLoader(),
                Sync.PARAMETERS, DEADLINE)) {
            stage.fit(round(0));
            Map<Integer, String> gloo = ListeningSockets.ofThisProcess();
            gloo.keySet().removeAll(before.keySet());
            gloo.remove(stage.port());
            assertEquals(2, gloo.size(), "one gloo listener per rank: " + gloo);
            assertTrue(gloo.values().stream().allMatch("127.0.0.1"::equals), "bound to loopback only: " + gloo);
            for (int port : gloo.keySet()) attackers.add(attack.open("127.0.0.1", port));
            for (ChannelAttack.Connection c : attackers) assertTrue(c.payloadSent(), attack + " sent");
            stage.fit(round(1));
            stage.fit(round(2));
            stage.pull();
            for (ChannelAttack.Connection c : attackers)
                System.out.printf("%s on a gloo listener: closed by gloo within 1 s: %s%n", attack,
                        c.closedByDriverWithin(Duration.ofSeconds(1)));
        } finally {
            for (ChannelAttack.Connection c : attackers) c.close();
        }
        assertArrayEquals(unattacked.params(), net.params().toFloatVector(), "parameters");
        assertArrayEquals(unattacked.updater(), net.getUpdater().getStateViewArray().toFloatVector(), "Adam state");
    }

    /**
     * Three rounds of two workers; a worker fails at its second step of round 2, so Spark restarts the stage's tasks.
     * With an attack, one connection strikes before the first round and one when the task fails.
     */
    private static Run run(ChannelAttack attack) throws Exception {
        ComputationGraph net = ModelInit.fresh(ARCH, STAGE, 5);
        ParameterAveragingTest.FailFirstAttempt failure = new ParameterAveragingTest.FailFirstAttempt();
        failure.failAt = FREQ + 1;
        List<ChannelAttack.Connection> attackers = new CopyOnWriteArrayList<>();
        double first, restart;
        try (BarrierAveraging stage = new BarrierAveraging(sc, net, 2, 1, new SerializedDataSetLoader(),
                Sync.PARAMETERS, DEADLINE, failure)) {
            if (attack != null) {
                long before = heapAfterGc();
                attackers.add(attack.open("127.0.0.1", stage.port()));
                assertTrue(attackers.get(0).payloadSent(), attack + " sent");
                Thread.sleep(200);  // the driver reads what it will
                long grown = heapAfterGc() - before;
                long frame = 4L * (net.params().length() + net.getUpdater().getStateViewArray().length());
                System.out.printf("%s: the driver's heap grew by %d bytes while it held the connection (a frame: %d)%n",
                        attack, grown, frame);
                assertTrue(grown < frame, attack + ": the driver's heap grew by " + grown + " bytes, a frame is " + frame);
            }
            first = timed(() -> stage.fit(round(0)));
            if (attack != null) onTaskFailure.set(() -> {
                try {
                    attackers.add(attack.open("127.0.0.1", stage.port()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            int failed = failedTasks.get();
            restart = timed(() -> stage.fit(round(1)));
            assertTrue(failedTasks.get() > failed, "the injected failure must have failed a task");
            stage.fit(round(2));
            stage.pull();
            assertEquals(attack == null ? 0 : 2, attackers.size());
        }
        return new Run(net.params().toFloatVector(), net.getUpdater().getStateViewArray().toFloatVector(), first,
                restart, attackers);
    }

    private static List<String> round(int r) {
        return new ArrayList<>(shards.subList(2 * FREQ * r, 2 * FREQ * (r + 1)));
    }

    private static double timed(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * The heap in use once collections stop freeing anything: Spark's cleaner frees a finished stage's broadcast only
     * after a collection has found it unreachable, so one collection is not enough.
     */
    private static long heapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            memory.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(last - used) < 4096) return used;
            last = used;
            Thread.sleep(100);
        }
        return last;
    }

    /** Keeps the progress channel's lines (the driver's refusals) for the assertions, beside the test log's own. */
    private static void listen() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        AbstractAppender appender = new AbstractAppender(APPENDER, null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent e) {
                log.add(e.getMessage().getFormattedMessage());
            }
        };
        appender.start();
        LoggerConfig rrlfn = context.getConfiguration().getLoggerConfig(Console.LOGGER);
        assertEquals(Console.LOGGER, rrlfn.getName(), "log4j2-test.properties configures the progress logger");
        rrlfn.addAppender(appender, Level.INFO, null);
        context.updateLoggers();
    }
}
