package org.rrlfn.jobs.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.spark.api.TrainingHook;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * The task of one worker slot for a whole stage on the barrier path: it builds the slot's network once, connects to
 * the driver ({@link BarrierAveraging}) and then, round after round, takes the averaged state and its recipes,
 * fits them and sends its state back, until the driver says stop. Spark's barrier mode starts all slots' tasks
 * together and restarts all of them if one fails; the driver then repeats the round in flight from its last
 * average, so a failure changes no result.
 */
final class BarrierWorker extends AbstractFunction1<Iterator<Integer>, Iterator<Integer>> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A task's first words on its connection. */
    record Hello(String token, int slot, int stageAttempt) implements Serializable { }

    /** One round's work for one slot; the averaged state follows in its own frame, encoded once for all slots. */
    record Order(List<String> recipes) implements Serializable { }

    /** The stage is over. */
    record Stop() implements Serializable { }

    private final Broadcast<WorkerSetup> setup;
    private final String host;
    private final int port;
    private final String token;
    private final List<TrainingHook> hooks;

    BarrierWorker(Broadcast<WorkerSetup> setup, String host, int port, String token, List<TrainingHook> hooks) {
        this.setup = setup;
        this.host = host;
        this.port = port;
        this.token = token;
        this.hooks = hooks;
    }

    @Override
    public Iterator<Integer> apply(Iterator<Integer> slots) {
        BarrierTaskContext ctx = BarrierTaskContext.get();
        int slot = ctx.partitionId();
        long t0 = System.nanoTime();
        try (ResidentWorker worker = ResidentWorker.build(setup.value());
             Socket s = new Socket(host, port)) {
            s.setTcpNoDelay(true);
            double networkMs = (System.nanoTime() - t0) / 1e6;
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
            Frames.write(out, Frames.encode(new Hello(token, slot, ctx.stageAttemptNumber())));
            SparkEnv env = SparkEnv.get();
            boolean first = true;
            for (Object m = Frames.read(in); m instanceof Order order; m = Frames.read(in)) {
                long t1 = System.nanoTime();
                worker.load((WorkerState) Frames.read(in));
                long t2 = System.nanoTime();
                List<WorkerSteps.Step> steps = worker.fit(slot, order.recipes(), hooks);
                long t3 = System.nanoTime();
                WorkerState trained = worker.state();
                RoundResult.SlotReport report = new RoundResult.SlotReport(slot, env.executorId(),
                        env.blockManager().blockManagerId().host(), first, first ? networkMs : 0, 0,
                        (t2 - t1 + System.nanoTime() - t3) / 1e6, (System.nanoTime() - t1) / 1e6);
                Frames.write(out, Frames.encode(RoundResult.of(trained, worker.score(), steps, report)));
                first = false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("barrier worker " + slot + " lost its driver " + host + ":" + port, e);
        }
        return scala.collection.Iterator$.MODULE$.single(slot);
    }
}
