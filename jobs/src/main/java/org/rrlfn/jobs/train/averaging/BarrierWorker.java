package org.rrlfn.jobs.train.averaging;

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
import org.rrlfn.jobs.train.config.Sync;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * The task of one worker slot (one rank) for a whole stage on the barrier path: it builds the slot's network once,
 * joins the stage's process group ({@link WorkerGroup}), connects to the driver ({@link BarrierAveraging}) and proves
 * it holds the stage's secret ({@link Handshake}). Then, round after round, it takes its recipes (and, in its first
 * round, the state to start from), fits them, all-reduces its parameters and Adam state with the other ranks into
 * their mean and reports its loss and steps ({@link StateFrames}); rank 0 sends the state itself when the driver
 * pulls it. Spark's barrier mode starts all ranks' tasks together and restarts all of them if one fails; the driver
 * then replays the rounds since the last state it holds, so a failure changes no result.
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
    private final Sync sync;
    private final List<TrainingHook> hooks;

    BarrierWorker(Broadcast<WorkerSetup> setup, String host, int port, byte[] secret, Duration handshake,
                  StateFrames.Shape shape, Sync sync, List<TrainingHook> hooks) {
        this.setup = setup;
        this.host = host;
        this.port = port;
        this.secret = secret;
        this.handshake = handshake;
        this.shape = shape;
        this.sync = sync;
        this.hooks = hooks;
    }

    @Override
    public Iterator<Integer> apply(Iterator<Integer> slots) {
        BarrierTaskContext ctx = BarrierTaskContext.get();
        int slot = ctx.partitionId();
        long t0 = System.nanoTime();
        SparkEnv env = SparkEnv.get();
        String executorHost = env.blockManager().blockManagerId().host();
        try (RankTrainer worker = RankTrainer.build(setup.value());
             WorkerGroup group = WorkerGroup.join(ctx, executorHost);
             Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) handshake.toMillis());
            s.setTcpNoDelay(true);
            Handshake.connect(s, secret, new Handshake.Peer(slot, ctx.stageAttemptNumber()), handshake);
            s.setSoTimeout(0);  // from here on the driver is authenticated: a round waits as long as training takes
            if (sync == Sync.GRADIENTS) worker.allReduceGradients(group);
            double networkMs = (System.nanoTime() - t0) / 1e6;
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
            StateFrames frames = new StateFrames(shape);
            boolean first = true;
            for (StateFrames.Command c = frames.readCommand(in); !(c instanceof StateFrames.Stop);
                 c = frames.readCommand(in)) {
                if (c instanceof StateFrames.Pull) {
                    out.write(StateFrames.state(worker.state()));
                    out.flush();
                    continue;
                }
                StateFrames.Order order = (StateFrames.Order) c;
                long t1 = System.nanoTime();
                if (order.stateFollows()) worker.load(frames.readState(in));
                long t2 = System.nanoTime();
                List<WorkerSteps.Step> steps = worker.fit(slot, order.recipes(), hooks);
                long t3 = System.nanoTime();
                // With gradients all-reduced every step, every rank applied the same updates to the same state.
                if (sync == Sync.PARAMETERS) worker.allReduce(group);
                SlotReport report = new SlotReport(slot, env.executorId(), executorHost, first,
                        first ? networkMs : 0, (t2 - t1 + System.nanoTime() - t3) / 1e6,
                        (System.nanoTime() - t1) / 1e6);
                StateFrames.writeResult(out, worker.score(), steps, report);
                out.flush();
                first = false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("barrier worker " + slot + " lost its driver " + host + ":" + port, e);
        }
        return scala.collection.Iterator$.MODULE$.single(slot);
    }
}
