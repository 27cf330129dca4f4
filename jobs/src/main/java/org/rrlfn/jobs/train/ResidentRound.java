package org.rrlfn.jobs.train;

import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.spark.api.TrainingHook;

/**
 * One worker slot's task in a resident round (partition index = slot, its one element = the slot's recipes): the
 * slot's kept network, or one built now, takes the round's averaged state, fits the recipes and returns its state.
 * A retried task starts from the same broadcast state, so it trains exactly what the failed attempt would have.
 */
final class ResidentRound implements Function2<Integer, Iterator<List<String>>, Iterator<RoundResult>> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<WorkerSetup> setup;
    private final Broadcast<WorkerState> state;
    private final Set<String> liveSessions;
    private final List<TrainingHook> hooks;

    /**
     * @param liveSessions the driver's open averaging sessions: networks of any other session on this executor
     *                     belong to a stage that ended and are dropped
     * @param hooks        called around every step (tests record minibatches and inject failures through them)
     */
    ResidentRound(Broadcast<WorkerSetup> setup, Broadcast<WorkerState> state, Set<String> liveSessions,
                  List<TrainingHook> hooks) {
        this.setup = setup;
        this.state = state;
        this.liveSessions = liveSessions;
        this.hooks = hooks;
    }

    @Override
    public Iterator<RoundResult> call(Integer slot, Iterator<List<String>> work) throws Exception {
        long t0 = System.nanoTime();
        WorkerNetworks.retainOnly(liveSessions);
        WorkerSetup s = setup.value();
        WorkerNetworks.Lease lease = WorkerNetworks.take(s.session(), slot, () -> ResidentWorker.build(s));
        try {
            ResidentWorker worker = lease.worker();
            long t1 = System.nanoTime();
            WorkerState averaged = state.value();
            long t2 = System.nanoTime();
            worker.load(averaged);
            long t3 = System.nanoTime();
            List<WorkerSteps.Step> steps = worker.fit(slot, work.next(), hooks);
            long t4 = System.nanoTime();
            WorkerState trained = worker.state();
            SparkEnv env = SparkEnv.get();
            RoundResult.SlotReport report = new RoundResult.SlotReport(slot, env.executorId(),
                    env.blockManager().blockManagerId().host(), lease.built(), (t1 - t0) / 1e6, (t2 - t1) / 1e6,
                    (t3 - t2 + System.nanoTime() - t4) / 1e6, (System.nanoTime() - t0) / 1e6);
            RoundResult result = RoundResult.of(trained, worker.score(), steps, report);
            lease.giveBack();
            return List.of(result).iterator();
        } catch (Exception | Error e) {
            lease.discard();
            throw e;
        }
    }
}
