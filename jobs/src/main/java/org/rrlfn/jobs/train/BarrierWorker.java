package org.rrlfn.jobs.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.spark.api.TrainingHook;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * The task of one worker slot for a whole stage on the barrier path: it builds the slot's network once, connects to
 * the driver ({@link BarrierAveraging}), proves it holds the stage's secret ({@link Handshake}) and then, round
 * after round, takes the averaged state and its recipes, fits them and sends its state back ({@link StateFrames}),
 * until the driver says stop. Spark's barrier mode starts all slots' tasks together and restarts all of them if one
 * fails; the driver then repeats the round in flight from its last average, so a failure changes no result.
 *
 * <p>The secret travels inside this function, that is inside the Spark job's serialized task, the way Spark ships
 * every closure; it never crosses the averaging socket.
 */
final class BarrierWorker extends AbstractFunction1<Iterator<Integer>, Iterator<Integer>> implements Serializable {
    private static final long serialVersionUID = 2L;

    private final Broadcast<WorkerSetup> setup;
    private final String host;
    private final int port;
    private final byte[] secret;
    private final Duration handshake;
    private final StateFrames.Shape shape;
    private final List<TrainingHook> hooks;

    BarrierWorker(Broadcast<WorkerSetup> setup, String host, int port, byte[] secret, Duration handshake,
                  StateFrames.Shape shape, List<TrainingHook> hooks) {
        this.setup = setup;
        this.host = host;
        this.port = port;
        this.secret = secret;
        this.handshake = handshake;
        this.shape = shape;
        this.hooks = hooks;
    }

    @Override
    public Iterator<Integer> apply(Iterator<Integer> slots) {
        BarrierTaskContext ctx = BarrierTaskContext.get();
        int slot = ctx.partitionId();
        long t0 = System.nanoTime();
        try (ResidentWorker worker = ResidentWorker.build(setup.value());
             Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) handshake.toMillis());
            s.setTcpNoDelay(true);
            Handshake.connect(s, secret, new Handshake.Peer(slot, ctx.stageAttemptNumber()), handshake);
            s.setSoTimeout(0);  // from here on the driver is authenticated: a round waits as long as training takes
            double networkMs = (System.nanoTime() - t0) / 1e6;
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
            StateFrames frames = new StateFrames(shape);
            SparkEnv env = SparkEnv.get();
            boolean first = true;
            for (List<String> recipes = frames.readOrder(in); recipes != null; recipes = frames.readOrder(in)) {
                long t1 = System.nanoTime();
                worker.load(frames.readState(in));
                long t2 = System.nanoTime();
                List<WorkerSteps.Step> steps = worker.fit(slot, recipes, hooks);
                long t3 = System.nanoTime();
                WorkerState trained = worker.state();
                RoundResult.SlotReport report = new RoundResult.SlotReport(slot, env.executorId(),
                        env.blockManager().blockManagerId().host(), first, first ? networkMs : 0, 0,
                        (t2 - t1 + System.nanoTime() - t3) / 1e6, (System.nanoTime() - t1) / 1e6);
                StateFrames.writeResult(out, trained, worker.score(), steps, report);
                out.flush();
                first = false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("barrier worker " + slot + " lost its driver " + host + ":" + port, e);
        }
        return scala.collection.Iterator$.MODULE$.single(slot);
    }
}
