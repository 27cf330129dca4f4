package org.rrlfn.jobs.train.averaging;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The barrier channel's messages once its {@link Handshake} has passed, in the project's own binary format: a type
 * byte, then fixed fields and arrays whose lengths the stage fixes. A reader allocates an array only of the length
 * its {@link Shape} says the stage's state has, so no length a peer sends can make it allocate more; nothing is
 * deserialized as objects.
 *
 * <pre>
 *   ORDER   driver -&gt; worker  count(4) | count x recipe (modified UTF-8, at most 65535 bytes each) | state follows(1)
 *   STATE   driver -&gt; worker  state     (after an order that says so: the first round a worker runs)
 *   PULL    driver -&gt; rank 0  -         (rank 0 answers with a STATE frame: the all-reduced state it holds)
 *   STOP    driver -&gt; worker  -
 *   RESULT  worker -&gt; driver  score(8) | steps(4) | steps x (slot(4) iteration(4) lr(8) fitMs(8)) | report
 *   state   params(4) | params x float(4) | updater(4) | updater x float(4) | iteration(4) | epoch(4)
 *   report  slot(4) | executor id (UTF) | host (UTF) | built(1) | networkMs | stateMs | taskMs (8 each)
 * </pre>
 */
final class StateFrames {
    private static final byte ORDER = 1, STATE = 2, STOP = 3, RESULT = 4, PULL = 5;
    private static final String[] NAMES = {"?", "order", "state", "stop", "result", "pull"};
    /** Floats move through a buffer of this many bytes, never one the size of the state. */
    private static final int CHUNK = 1 << 16;

    /**
     * What the stage's state can be, known to both ends from the job: the network's parameter and updater counts
     * and the recipes one worker fits in a round.
     */
    record Shape(int params, int updater, int recipes) implements Serializable { }

    /** What the driver tells a worker next. */
    sealed interface Command permits Order, Pull, Stop { }

    /** Fit these recipes; a STATE frame to start from follows when {@code stateFollows}. */
    record Order(List<String> recipes, boolean stateFollows) implements Command { }

    /** Send the state you hold. */
    record Pull() implements Command { }

    /** The stage is over. */
    record Stop() implements Command { }

    /** One worker's answer to a round: its last minibatch's loss, its steps and where it ran. */
    record Report(double score, List<WorkerSteps.Step> steps, SlotReport slot) { }

    private final Shape shape;

    StateFrames(Shape shape) {
        this.shape = shape;
    }

    Shape shape() { return shape; }

    static void writeOrder(DataOutputStream out, List<String> recipes, boolean stateFollows) throws IOException {
        out.writeByte(ORDER);
        out.writeInt(recipes.size());
        for (String r : recipes) out.writeUTF(r);
        out.writeBoolean(stateFollows);
    }

    static void writePull(DataOutputStream out) throws IOException {
        out.writeByte(PULL);
    }

    /** A STATE frame, encoded once and written to every slot. */
    static byte[] state(WorkerState s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(17 + 4 * (s.params().length + s.updater().length));
        DataOutputStream out = new DataOutputStream(b);
        out.writeByte(STATE);
        writeState(out, s);
        return b.toByteArray();
    }

    static void writeStop(DataOutputStream out) throws IOException {
        out.writeByte(STOP);
    }

    static void writeResult(DataOutputStream out, double score, List<WorkerSteps.Step> steps,
                            SlotReport report) throws IOException {
        out.writeByte(RESULT);
        out.writeDouble(score);
        out.writeInt(steps.size());
        for (WorkerSteps.Step s : steps) {
            out.writeInt(s.slot());
            out.writeInt(s.iteration());
            out.writeDouble(s.lr());
            out.writeDouble(s.fitMs());
        }
        out.writeInt(report.slot());
        out.writeUTF(report.executorId());
        out.writeUTF(report.host());
        out.writeBoolean(report.built());
        out.writeDouble(report.networkMs());
        out.writeDouble(report.stateMs());
        out.writeDouble(report.taskMs());
    }

    /** The driver's next command to a worker. */
    Command readCommand(DataInputStream in) throws IOException {
        byte t = in.readByte();
        if (t == STOP) return new Stop();
        if (t == PULL) return new Pull();
        if (t != ORDER) throw new IOException("a frame of type " + t + " where order, pull or stop was due");
        int n = count(in.readInt(), shape.recipes(), "recipes");
        List<String> recipes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) recipes.add(in.readUTF());
        return new Order(recipes, in.readBoolean());
    }

    WorkerState readState(DataInputStream in) throws IOException {
        type(in, STATE, STATE);
        return readStateBody(in);
    }

    /** One worker's answer to a round. */
    Report readResult(DataInputStream in) throws IOException {
        type(in, RESULT, RESULT);
        double score = in.readDouble();
        int n = count(in.readInt(), shape.recipes(), "steps");
        List<WorkerSteps.Step> steps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) steps.add(new WorkerSteps.Step(in.readInt(), in.readInt(), in.readDouble(), in.readDouble()));
        SlotReport report = new SlotReport(in.readInt(), in.readUTF(), in.readUTF(), in.readBoolean(), in.readDouble(),
                in.readDouble(), in.readDouble());
        return new Report(score, steps, report);
    }

    private static void writeState(DataOutputStream out, WorkerState s) throws IOException {
        writeFloats(out, s.params());
        writeFloats(out, s.updater());
        out.writeInt(s.iteration());
        out.writeInt(s.epoch());
    }

    private WorkerState readStateBody(DataInputStream in) throws IOException {
        float[] params = readFloats(in, shape.params(), "parameters");
        float[] updater = readFloats(in, shape.updater(), "updater values");
        return new WorkerState(params, updater, in.readInt(), in.readInt());
    }

    private static byte type(DataInputStream in, byte expected, byte orElse) throws IOException {
        byte t = in.readByte();
        if (t != expected && t != orElse)
            throw new IOException("a frame of type " + t + " where " + NAMES[expected]
                    + (orElse != expected ? " or " + NAMES[orElse] : "") + " was due");
        return t;
    }

    private static int count(int n, int max, String what) throws IOException {
        if (n < 0 || n > max) throw new IOException(n + " " + what + " in a frame of a stage whose rounds have at most " + max);
        return n;
    }

    private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
        out.writeInt(a.length);
        ByteBuffer b = ByteBuffer.allocate(CHUNK);
        for (int i = 0; i < a.length; ) {
            int k = Math.min(a.length - i, CHUNK / 4);
            b.clear();
            b.asFloatBuffer().put(a, i, k);
            out.write(b.array(), 0, 4 * k);
            i += k;
        }
    }

    private static float[] readFloats(DataInputStream in, int expected, String what) throws IOException {
        int n = in.readInt();
        if (n != expected) throw new IOException("a state of " + n + " " + what + " where the stage's has " + expected);
        float[] a = new float[n];
        byte[] b = new byte[Math.min(CHUNK, 4 * n)];
        for (int i = 0; i < n; ) {
            int k = Math.min(n - i, CHUNK / 4);
            in.readFully(b, 0, 4 * k);
            ByteBuffer.wrap(b, 0, 4 * k).asFloatBuffer().get(a, i, k);
            i += k;
        }
        return a;
    }
}
