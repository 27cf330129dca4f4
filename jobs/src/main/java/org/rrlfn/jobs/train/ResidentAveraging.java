package org.rrlfn.jobs.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingHook;
import org.rrlfn.common.log.Console;
import org.rrlfn.common.spark.HadoopConf;
import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The resident path of {@link AveragingRounds}: each worker slot's network, loader and read-ahead thread are built
 * once per stage on an executor and kept there ({@link WorkerNetworks}); a round moves only the averaged state.
 *
 * <p>Per round: one broadcast of the averaged {@link WorkerState} (parameters, Adam's m and v, step and epoch), one
 * Spark job of one task per slot ({@link ResidentRound}), each task preferring the executor that ran its slot the
 * round before (Spark's executor-level locality, so the kept network is found), and a tree reduce that sums the
 * workers' states on their way back. Because every round overwrites a worker's whole state from the broadcast, a
 * task placed elsewhere, a lost executor or a retried task costs one network build and never changes a result.
 * When the stage ends ({@link #close}) the session leaves the driver's live set: a release job frees its networks
 * where they are, and any later task on any executor drops networks of sessions that are no longer live.
 */
public final class ResidentAveraging implements AveragingRounds {
    /** Sessions of this driver JVM still training (a sweep runs several at once). */
    private static final Set<String> LIVE = ConcurrentHashMap.newKeySet();
    private static final ClassTag<List<String>> RECIPES = ClassTag$.MODULE$.apply(List.class);
    private static final ClassTag<Integer> INT = ClassTag$.MODULE$.apply(Integer.class);

    private final String session = UUID.randomUUID().toString();
    private final JavaSparkContext sc;
    private final ComputationGraph net;
    private final int workers;
    private final List<TrainingHook> hooks;
    private final Broadcast<WorkerSetup> setup;
    /** Slot → the executor that ran it last (Spark's "executor_host_id" location). */
    private final Map<Integer, String> placement = new TreeMap<>();
    private int rounds;
    private int built;
    private RoundPhases last;

    /**
     * @param prefetch minibatches each worker draws ahead of the one it fits
     * @param hooks    called around every step on the workers
     */
    public ResidentAveraging(JavaSparkContext sc, ComputationGraph net, int workers, int prefetch, DataSetLoader loader,
                             TrainingHook... hooks) {
        this.sc = sc;
        this.net = net;
        this.workers = workers;
        this.hooks = List.of(hooks);
        this.setup = sc.broadcast(new WorkerSetup(session, net.getConfiguration(), loader, prefetch,
                new HadoopConf(sc.hadoopConfiguration())));
        LIVE.add(session);
    }

    @Override
    public Round fit(List<String> recipes) {
        List<List<String>> blocks = AveragingRounds.blocks(recipes, workers);
        long t0 = System.nanoTime();
        int first = net.getConfiguration().getIterationCount();
        Broadcast<WorkerState> averaged = sc.broadcast(WorkerState.of(net));
        long t1 = System.nanoTime();
        RoundResult sum;
        try {
            sum = slots(blocks).mapPartitionsWithIndex(new ResidentRound(setup, averaged, Set.copyOf(LIVE), hooks), true)
                    .treeReduce(RoundResult::plus, 2);
        } finally {
            averaged.destroy();
        }
        long t2 = System.nanoTime();
        if (sum.workers() != workers)
            throw new IllegalStateException(sum.workers() + " of " + workers + " workers returned a state");
        Round round = sum.applyTo(net, first, blocks.get(0).size());
        for (RoundResult.SlotReport s : sum.slots()) placement.put(s.slot(), s.location());
        last = RoundPhases.of(t0, t1, t2, System.nanoTime(), sum.slots());
        built += last.networksBuilt();
        rounds++;
        return round;
    }

    /** The last round's phases. */
    @Override
    public RoundPhases lastPhases() { return last; }

    /** Worker networks built on executors for this stage so far: the slot count, unless placement moved a slot. */
    public int networksBuilt() { return built; }

    /** One partition per slot holding its block of recipes, preferring the executor that holds its network. */
    private JavaRDD<List<String>> slots(List<List<String>> blocks) {
        List<Tuple2<List<String>, Seq<String>>> parts = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            String where = placement.get(w);
            parts.add(new Tuple2<>(blocks.get(w), seq(where == null ? List.of() : List.of(where))));
        }
        return JavaRDD.fromRDD(sc.sc().makeRDD(seq(parts), RECIPES), RECIPES);
    }

    /**
     * Ends the session: frees its networks on the executors that hold them (a job with one task per such executor,
     * preferring it) and the stage's broadcast. Best effort: a network this misses is dropped by the next task
     * of any later session on its executor.
     */
    @Override
    public void close() {
        if (!LIVE.remove(session)) return;
        Set<String> holders = new TreeSet<>(placement.values());
        try {
            int released = holders.isEmpty() ? 0 : release(sc, session, holders);
            Console.info("averaging: %d worker network(s) built for %d slot(s) in %d round(s); %d released on %d executor(s)",
                    built, workers, rounds, released, holders.size());
        } catch (RuntimeException e) {
            Console.info("averaging: releasing the worker networks failed (%s); the next stage's tasks drop them", e);
        } finally {
            setup.destroy();
        }
    }

    private static int release(JavaSparkContext sc, String session, Set<String> holders) {
        List<Tuple2<Integer, Seq<String>>> parts = new ArrayList<>();
        for (String h : holders) parts.add(new Tuple2<>(parts.size(), seq(List.of(h))));
        return JavaRDD.fromRDD(sc.sc().makeRDD(seq(parts), INT), INT)
                .map(i -> WorkerNetworks.release(session)).reduce(Integer::sum);
    }

    private static <T> Seq<T> seq(List<T> list) {
        return JavaConverters.asScalaBuffer(new ArrayList<>(list)).toSeq();
    }
}
