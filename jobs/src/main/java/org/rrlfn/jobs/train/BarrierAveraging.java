package org.rrlfn.jobs.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingHook;
import org.rrlfn.common.UserError;
import org.rrlfn.common.log.Console;
import org.rrlfn.common.spark.HadoopConf;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The barrier path of {@link AveragingRounds}: one Spark job per stage, in barrier mode, runs one long-lived task
 * per worker slot ({@link BarrierWorker}); each task builds its network once and connects back to a socket this
 * driver listens on. A round is then only moving state: the driver sends each slot the averaged state and its block
 * of recipes, and averages the states that come back — no Spark job, broadcast or task launch per round.
 *
 * <p>Faults: Spark's barrier mode restarts all of a stage's tasks when one fails (a lost executor included); the
 * connections of the failed attempt break, the new tasks connect, and the round in flight is sent again from the
 * driver's last average, so no recipe is trained twice into the result and none is skipped. Connections carry a
 * random token the job ships to its tasks; anything else is refused. The price: a stage holds {@code workers} task
 * slots from its first round to its last, so concurrent sweep trials wait for each other's stages.
 */
public final class BarrierAveraging implements AveragingRounds {
    private static final ClassTag<Integer> INT = ClassTag$.MODULE$.apply(Integer.class);
    /** How long a connecting task has to say hello. */
    private static final int HELLO_TIMEOUT_MS = 60_000;

    private final JavaSparkContext sc;
    private final ComputationGraph net;
    private final int workers;
    private final List<TrainingHook> hooks;
    private final Broadcast<WorkerSetup> setup;
    private final String token = UUID.randomUUID().toString();
    private final ServerSocket server;
    /** Connections of the newest stage attempt, by slot; guarded by {@code this}. */
    private final Map<Integer, Link> links = new TreeMap<>();
    private int linkedAttempt = -1;
    private int built;
    private int rounds;
    private JavaFutureAction<Long> job;
    private Thread acceptor;
    private RoundPhases last;

    /** One task's connection. */
    private record Link(Socket socket, DataInputStream in, DataOutputStream out) {
        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already broken: nothing more to release
            }
        }
    }

    /**
     * @param prefetch minibatches each worker draws ahead of the one it fits
     * @param hooks    called around every step on the workers (shipped once, with the stage's job)
     */
    public BarrierAveraging(JavaSparkContext sc, ComputationGraph net, int workers, int prefetch, DataSetLoader loader,
                            TrainingHook... hooks) {
        if (sc.master().startsWith("local") && sc.defaultParallelism() < workers)
            throw new UserError(TrainSettings.PATH + ".averaging = barrier runs all " + workers + " workers' tasks at"
                    + " once, but " + sc.master() + " has " + sc.defaultParallelism() + " task slot(s): set "
                    + TrainSettings.PATH + ".workers <= " + sc.defaultParallelism() + ", a larger local[N], or "
                    + TrainSettings.PATH + ".averaging = resident");
        this.sc = sc;
        this.net = net;
        this.workers = workers;
        this.hooks = List.of(hooks);
        String bind = sc.getConf().get("spark.driver.bindAddress", sc.getConf().get("spark.driver.host"));
        try {
            this.server = new ServerSocket(0, 64, InetAddress.getByName(bind));
        } catch (IOException e) {
            throw new UncheckedIOException("averaging: cannot listen on the driver's address " + bind, e);
        }
        this.setup = sc.broadcast(new WorkerSetup(token, net.getConfiguration(), loader, prefetch,
                new HadoopConf(sc.hadoopConfiguration())));
    }

    /** Starts the stage's barrier job (at the first round, so hooks set before it travel with it). */
    private void start() {
        acceptor = new Thread(this::accept, "rrlfn-averaging-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        List<Integer> slots = new ArrayList<>();
        for (int w = 0; w < workers; w++) slots.add(w);
        BarrierWorker task = new BarrierWorker(setup, sc.getConf().get("spark.driver.host"), server.getLocalPort(),
                token, hooks);
        sc.setJobDescription("rrlfn averaging: " + workers + " resident barrier workers");
        // A shuffle after the barrier tasks: Spark retries a failed barrier stage only when it is a shuffle map
        // stage ("Could not recover from a failed barrier ResultStage").
        job = JavaRDD.fromRDD(sc.parallelize(slots, workers).rdd().barrier().mapPartitions(task, false, INT), INT)
                .repartition(1).countAsync();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                s.setSoTimeout(HELLO_TIMEOUT_MS);
                Link link = new Link(s, new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16)),
                        new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16)));
                if (!(Frames.read(link.in()) instanceof BarrierWorker.Hello h) || !token.equals(h.token())) {
                    link.close();
                    continue;
                }
                s.setSoTimeout(0);
                register(h, link);
            } catch (IOException e) {
                if (!server.isClosed()) Console.info("averaging: a connection failed before its hello: %s", e);
            }
        }
    }

    private synchronized void register(BarrierWorker.Hello h, Link link) {
        if (h.stageAttempt() < linkedAttempt) {
            link.close();
            return;
        }
        if (h.stageAttempt() > linkedAttempt) {
            links.values().forEach(Link::close);
            links.clear();
            linkedAttempt = h.stageAttempt();
        }
        Link old = links.put(h.slot(), link);
        if (old != null) old.close();
        built++;
        notifyAll();
    }

    /** Every slot's connection of the newest attempt; waits while Spark starts (or restarts) the tasks. */
    private synchronized Map<Integer, Link> awaitLinks() {
        long since = System.nanoTime();
        while (links.size() < workers) {
            if (job.isDone()) throw new IllegalStateException("the stage's barrier training job ended: " + outcome());
            try {
                wait(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the barrier workers", e);
            }
            if ((System.nanoTime() - since) / 1e9 > 30) {
                Console.info("averaging: %d of %d barrier workers connected; waiting for task slots", links.size(), workers);
                since = System.nanoTime();
            }
        }
        return new TreeMap<>(links);
    }

    private synchronized void drop(Map<Integer, Link> failed) {
        failed.forEach((slot, link) -> {
            link.close();
            links.remove(slot, link);
        });
    }

    private String outcome() {
        try {
            return "finished with " + job.get() + " tasks";
        } catch (Exception e) {
            return String.valueOf(e.getCause() != null ? e.getCause() : e);
        }
    }

    @Override
    public Round fit(List<String> recipes) {
        List<List<String>> blocks = AveragingRounds.blocks(recipes, workers);
        if (job == null) start();
        while (true) {
            Map<Integer, Link> now = awaitLinks();
            try {
                return round(now, blocks);
            } catch (IOException e) {
                Console.info("averaging: a barrier worker's connection broke (%s); the round is repeated from the last"
                        + " average once Spark has restarted the stage's tasks", e);
                drop(now);
            }
        }
    }

    private Round round(Map<Integer, Link> now, List<List<String>> blocks) throws IOException {
        long t0 = System.nanoTime();
        int first = net.getConfiguration().getIterationCount();
        byte[] averaged = Frames.encode(WorkerState.of(net));
        for (Map.Entry<Integer, Link> e : now.entrySet()) {
            Frames.write(e.getValue().out(), Frames.encode(new BarrierWorker.Order(blocks.get(e.getKey()))));
            Frames.write(e.getValue().out(), averaged);
        }
        long t1 = System.nanoTime();
        RoundResult sum = null;
        for (Link l : now.values()) {
            if (!(Frames.read(l.in()) instanceof RoundResult r)) throw new IOException("a barrier worker answered out of turn");
            sum = sum == null ? r : sum.plus(r);
        }
        long t2 = System.nanoTime();
        Round round = sum.applyTo(net, first, blocks.get(0).size());
        rounds++;
        last = RoundPhases.of(t0, t1, t2, System.nanoTime(), sum.slots());
        return round;
    }

    /** The last round's phases (broadcast = encoding and sending the orders; job = waiting for the results). */
    public RoundPhases lastPhases() { return last; }

    /** Where the workers connect (tests knock on it). */
    int port() { return server.getLocalPort(); }

    /** Worker networks built for this stage: one per slot and stage attempt. */
    public synchronized int networksBuilt() { return built; }

    /** Tells the workers the stage is over, waits for the job to end and stops listening. */
    @Override
    public void close() {
        try {
            if (job != null) {
                byte[] stop = Frames.encode(new BarrierWorker.Stop());
                Map<Integer, Link> now;
                synchronized (this) {
                    now = new TreeMap<>(links);
                }
                for (Link l : now.values()) {
                    try {
                        Frames.write(l.out(), stop);
                    } catch (IOException ignored) {
                        // a broken link: its task has ended already
                    }
                }
                try {
                    job.get(120, TimeUnit.SECONDS);
                } catch (Exception e) {
                    job.cancel(true);
                    Console.info("averaging: the barrier job did not end cleanly: %s", e);
                }
                Console.info("averaging: %d worker network(s) built for %d slot(s) in %d round(s) (barrier)", built,
                        workers, rounds);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                server.close();
            } catch (IOException ignored) {
                // nothing listens any more either way
            }
            synchronized (this) {
                links.values().forEach(Link::close);
                links.clear();
            }
            setup.destroy();
        }
    }
}
