package org.rrlfn.jobs.train.averaging;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingHook;
import org.rrlfn.common.DaemonThreads;
import org.rrlfn.common.UserError;
import org.rrlfn.common.log.Console;
import org.rrlfn.common.spark.HadoopConf;
import org.rrlfn.jobs.train.config.Sync;
import org.rrlfn.jobs.train.config.TrainSettings;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The barrier path of {@link AveragingRounds}: one Spark job per stage, in barrier mode, runs one long-lived task
 * per worker slot ({@link BarrierWorker}, one rank of the stage's process group); each task builds its network once,
 * joins the others in a gloo group and connects back to a socket this driver listens on. In a round each rank fits
 * its block of recipes and the ranks all-reduce their parameters and Adam state into the mean among themselves; the
 * driver sends only the recipes and receives only the losses and steps. It takes the state itself — from rank 0,
 * whose copy is every rank's — only when it needs it ({@link #pull}: a validation, a checkpoint, the EMA, the stage's
 * end), so the driver moves one state per pull whatever the number of workers, not two per worker per round.
 *
 * <p>Faults: Spark's barrier mode restarts all of a stage's tasks when one fails (a lost executor included); the
 * connections of the failed attempt break, the new tasks connect, and the driver sends them the last state it
 * pulled and replays the rounds trained since (their recipes, in order) before the round in flight, so no recipe is
 * trained twice into the result and none is skipped. The price: a stage holds {@code workers} task slots from its
 * first round to its last, so concurrent sweep trials wait for each other's stages.
 *
 * <p>Strangers: the socket listens on the driver's bind address from construction to {@link #close}. Each connection
 * gets its own thread and one deadline for a fixed-size {@link Handshake} proving it holds the stage's random
 * secret (shipped to the tasks inside the job's closure); one that fails is closed and logged in one line, and none
 * can delay another, so a worker never queues behind a stranger. Only authenticated workers' bytes are read as
 * {@link StateFrames}, whose lengths the stage's state bounds; nothing is deserialized as objects. The workers'
 * gloo listeners are another matter ({@link WorkerGroup}; docs/cluster.md "Ports and who may connect").
 */
public final class BarrierAveraging implements AveragingRounds {
    private static final ClassTag<Integer> INT = ClassTag$.MODULE$.apply(Integer.class);
    /** How long a connection has for the whole handshake (a worker needs a few round trips of a few bytes). */
    static final Duration HANDSHAKE = Duration.ofSeconds(10);
    /**
     * Connections in handshake at once; more are closed at once. Each holds its slot at most {@link #HANDSHAKE}, so
     * only a flood of new connections, not a few slow ones, can turn a worker away (Spark then retries the stage).
     */
    private static final int MAX_HANDSHAKES = 64;

    private final JavaSparkContext sc;
    private final ComputationGraph net;
    private final int workers;
    private final List<TrainingHook> hooks;
    private final Broadcast<WorkerSetup> setup;
    private final Sync sync;
    private final byte[] secret = Handshake.newSecret();
    private final Duration handshake;
    private final Semaphore handshakes = new Semaphore(MAX_HANDSHAKES);
    private final ServerSocket server;
    /** Connections of the newest stage attempt, by slot; guarded by {@code this}. */
    private final Map<Integer, Link> links = new TreeMap<>();
    private int linkedAttempt = -1;
    private int built;
    private int rounds;
    private JavaFutureAction<Long> job;
    private StateFrames frames;
    private RoundPhases last;
    /** The state the driver last pulled (or started from): what a new attempt's workers start from. */
    private WorkerState base;
    /** Each worker's recipe blocks of the rounds trained since {@link #base}, in order: what a new attempt replays. */
    private final List<List<List<String>>> since = new ArrayList<>();
    /** The connections whose workers hold the group's current state (null before the first round). */
    private Map<Integer, Link> synced;

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
                            Sync sync, TrainingHook... hooks) {
        this(sc, net, workers, prefetch, loader, sync, HANDSHAKE, hooks);
    }

    /**
     * @param sync      what the workers all-reduce: their state after each round, or their gradients before each step
     * @param handshake how long a connection has to prove itself (tests shorten it)
     */
    BarrierAveraging(JavaSparkContext sc, ComputationGraph net, int workers, int prefetch, DataSetLoader loader,
                     Sync sync, Duration handshake, TrainingHook... hooks) {
        if (sc.master().startsWith("local") && sc.defaultParallelism() < workers)
            throw new UserError(TrainSettings.PATH + ".averaging = barrier runs all " + workers + " workers' tasks at"
                    + " once, but " + sc.master() + " has " + sc.defaultParallelism() + " task slot(s): set "
                    + TrainSettings.PATH + ".workers <= " + sc.defaultParallelism() + " or a larger local[N]");
        this.sc = sc;
        this.net = net;
        this.workers = workers;
        this.hooks = List.of(hooks);
        this.handshake = handshake;
        this.sync = sync;
        String bind = sc.getConf().get("spark.driver.bindAddress", sc.getConf().get("spark.driver.host"));
        try {
            this.server = new ServerSocket(0, 64, InetAddress.getByName(bind));
        } catch (IOException e) {
            throw new UncheckedIOException("averaging: cannot listen on the driver's address " + bind, e);
        }
        this.setup = sc.broadcast(new WorkerSetup(net.getConfiguration(), loader,
                prefetch, new HadoopConf(sc.hadoopConfiguration())));
        Console.info("averaging: listening on %s:%d for the stage's %d barrier workers (handshake within %s s)",
                server.getInetAddress().getHostAddress(), server.getLocalPort(), workers, handshake.toMillis() / 1000.0);
        DaemonThreads.named("rrlfn-averaging-accept").newThread(this::accept).start();
    }

    /**
     * Starts the stage's barrier job (at the first round, so hooks set before it travel with it); its rounds have
     * {@code perWorker} recipes a worker, the bound both ends read orders and results against.
     */
    private void start(int perWorker) {
        frames = new StateFrames(new StateFrames.Shape(Math.toIntExact(net.params().length()),
                Math.toIntExact(net.getUpdater().getStateViewArray().length()), perWorker));
        List<Integer> slots = new ArrayList<>();
        for (int w = 0; w < workers; w++) slots.add(w);
        BarrierWorker task = new BarrierWorker(setup, sc.getConf().get("spark.driver.host"), server.getLocalPort(),
                secret, handshake, frames.shape(), sync, hooks);
        sc.setJobDescription("rrlfn averaging: " + workers + " barrier workers (ranks)");
        // A shuffle after the barrier tasks: Spark retries a failed barrier stage only when it is a shuffle map
        // stage ("Could not recover from a failed barrier ResultStage").
        job = JavaRDD.fromRDD(sc.parallelize(slots, workers).rdd().barrier().mapPartitions(task, false, INT), INT)
                .repartition(1).countAsync();
    }

    /** Hands each connection to its own handshake thread, so no connection waits for another. */
    private void accept() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (server.isClosed()) return;
                Console.info("averaging: accepting a connection failed: %s", e.getMessage());
                pause();  // out of file descriptors, say: try again, but do not spin
                continue;
            }
            if (!handshakes.tryAcquire()) {
                refuse(s, MAX_HANDSHAKES + " other connections are in their handshake");
                continue;
            }
            DaemonThreads.named("rrlfn-averaging-handshake").newThread(() -> {
                try {
                    handshake(s);
                } finally {
                    handshakes.release();
                }
            }).start();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handshake(Socket s) {
        try {
            s.setTcpNoDelay(true);
            Handshake.Peer peer = Handshake.accept(s, secret, handshake);
            if (peer.slot() < 0 || peer.slot() >= workers)
                throw new IOException("a worker of slot " + peer.slot() + " in a stage of " + workers);
            s.setSoTimeout(0);  // an authenticated worker: a round's result takes as long as its training
            register(peer, new Link(s, new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16)),
                    new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16))));
        } catch (IOException e) {
            refuse(s, e.getMessage());
        }
    }

    /** Closes a connection that did not prove itself: one line, no stack trace, and the stage goes on. */
    private void refuse(Socket s, String why) {
        Console.info("averaging: refused a connection from %s: %s", s.getRemoteSocketAddress(), why);
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is all we want from it
        }
    }

    private synchronized void register(Handshake.Peer peer, Link link) {
        if (peer.stageAttempt() < linkedAttempt || server.isClosed()) {
            link.close();
            return;
        }
        if (peer.stageAttempt() > linkedAttempt) {
            links.values().forEach(Link::close);
            links.clear();
            linkedAttempt = peer.stageAttempt();
        }
        Link old = links.put(peer.slot(), link);
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
                int running = runningTasks();
                Console.info("averaging: %d of %d barrier workers connected; %s", links.size(), workers, running < workers
                        ? "waiting for task slots: " + running + " of the stage's " + workers + " tasks running"
                        : "all " + workers + " of the stage's tasks are running, the others have not connected yet");
                since = System.nanoTime();
            }
        }
        return new TreeMap<>(links);
    }

    /**
     * The round's recipes as each worker's contiguous block, in order: worker w fits recipes [w·k, (w+1)·k), what
     * {@code sc.parallelize(recipes, workers)} gives DL4J's path.
     */
    static List<List<String>> blocks(List<String> recipes, int workers) {
        if (recipes.isEmpty() || recipes.size() % workers != 0)
            throw new IllegalArgumentException(recipes.size() + " recipes do not split evenly over " + workers + " workers");
        int perWorker = recipes.size() / workers;
        List<List<String>> out = new ArrayList<>();
        for (int w = 0; w < workers; w++) out.add(new ArrayList<>(recipes.subList(w * perWorker, (w + 1) * perWorker)));
        return out;
    }

    /** Tasks of the stage's job running now (Spark starts a barrier stage's tasks only all together). */
    private int runningTasks() {
        int running = 0;
        for (int id : job.jobIds()) {
            SparkJobInfo info = sc.statusTracker().getJobInfo(id);
            if (info == null) continue;
            for (int stage : info.stageIds()) {
                SparkStageInfo st = sc.statusTracker().getStageInfo(stage);
                if (st != null) running += st.numActiveTasks();
            }
        }
        return running;
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
        List<List<String>> blocks = blocks(recipes, workers);
        if (job == null) {
            base = WorkerState.of(net);
            start(blocks.get(0).size());
        } else if (blocks.get(0).size() > frames.shape().recipes())
            throw new IllegalArgumentException("a round of " + blocks.get(0).size() + " recipes a worker in a barrier"
                    + " stage whose workers were started for " + frames.shape().recipes());
        Round round = onLinks("", now -> round(now, blocks, catchUp(now), iteration()));
        since.add(blocks);
        net.getConfiguration().setIterationCount(iteration());
        rounds++;
        return round;
    }

    /** The driver's step count: the last pulled state's plus the steps of the rounds since. */
    private int iteration() {
        int at = base.iteration();
        for (List<List<String>> blocks : since) at += blocks.get(0).size();
        return at;
    }

    /** Work over the current connections that may break. */
    private interface LinkWork<T> {
        T on(Map<Integer, Link> links) throws IOException;
    }

    /**
     * Runs {@code work} over every slot's connection of the newest stage attempt; when one breaks, waits for Spark to
     * restart the stage's tasks and runs it again over theirs ({@code during}: what the log line says was under way).
     */
    private <T> T onLinks(String during, LinkWork<T> work) {
        while (true) {
            Map<Integer, Link> now = awaitLinks();
            try {
                T result = work.on(now);
                synced = now;
                return result;
            } catch (IOException e) {
                Console.info("averaging: a barrier worker's connection broke%s (%s); once Spark has restarted the"
                        + " stage's tasks they start from the last state the driver holds and replay the %d round(s)"
                        + " since", during, e, since.size());
                drop(now);
            }
        }
    }

    /**
     * Brings workers that do not hold the group's state (a new stage attempt's) to it: the base state goes with the
     * first round replayed. Returns whether the next round must still carry it (nothing to replay).
     */
    private boolean catchUp(Map<Integer, Link> now) throws IOException {
        if (now.equals(synced)) return false;
        if (!since.isEmpty())
            Console.info("averaging: replaying %d round(s) from the state at step %d on the stage's new tasks",
                    since.size(), base.iteration());
        int at = base.iteration();
        boolean stateFollows = true;
        for (List<List<String>> blocks : since) {
            round(now, blocks, stateFollows, at);
            stateFollows = false;
            at += blocks.get(0).size();
        }
        return stateFollows;
    }

    /** Sends each rank its block (and the base state where due), reads back every rank's report. */
    private Round round(Map<Integer, Link> now, List<List<String>> blocks, boolean stateFollows, int first)
            throws IOException {
        long t0 = System.nanoTime();
        byte[] state = stateFollows ? StateFrames.state(base) : null;
        for (Map.Entry<Integer, Link> e : now.entrySet()) {
            DataOutputStream out = e.getValue().out();
            StateFrames.writeOrder(out, blocks.get(e.getKey()), stateFollows);
            if (stateFollows) out.write(state);
            out.flush();
        }
        long t1 = System.nanoTime();
        List<SlotReport> slots = new ArrayList<>();
        List<WorkerSteps.Step> steps = new ArrayList<>();
        double scores = 0;
        for (Link l : now.values()) {
            StateFrames.Report r = frames.readResult(l.in());
            slots.add(r.slot());
            steps.addAll(r.steps());
            scores += r.score();
        }
        long t2 = System.nanoTime();
        last = RoundPhases.of(t0, t1, t2, t2, slots);
        return Round.of(first, blocks.get(0).size(), scores / now.size(), steps);
    }

    /**
     * Writes the group's current state (rank 0's copy) into the driver's network, when rounds were trained since the
     * last pull; a broken connection is handled as in {@link #fit}: the new tasks replay, then rank 0 answers.
     */
    @Override
    public void pull() {
        if (job == null || since.isEmpty()) return;
        WorkerState pulled = onLinks(" while the driver pulled the state", now -> {
            if (catchUp(now)) throw new IllegalStateException("rounds to pull but none to replay");
            Link rank0 = now.get(0);
            StateFrames.writePull(rank0.out());
            rank0.out().flush();
            return frames.readState(rank0.in());
        });
        if (pulled.iteration() != iteration())
            throw new IllegalStateException("rank 0 holds the state at step " + pulled.iteration()
                    + " where the driver counted " + iteration());
        pulled.applyTo(net);
        base = pulled;
        since.clear();
    }

    /** The last round's phases (broadcast = sending the orders; job = waiting for the reports, all-reduce included). */
    @Override
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
                Map<Integer, Link> now;
                synchronized (this) {
                    now = new TreeMap<>(links);
                }
                for (Link l : now.values()) {
                    try {
                        StateFrames.writeStop(l.out());
                        l.out().flush();
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
