package org.rrlfn.model.profile;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.rrlfn.model.dl4j.SizeAdaptiveOutputLayer;

/**
 * Wall time of every op a SameDiff graph executes, per op instance, and of the graph passes around them, so
 * a step's time splits into ops (by type and role) and what lies between them (the session's bookkeeping,
 * output allocation, the Java→native calls). ND4J's own ProfilingListener writes a Chrome trace of the same
 * hooks; this one aggregates in memory, because a profile of many steps is wanted as one table.
 */
public final class OpTimes extends BaseListener implements SizeAdaptiveOutputLayer.PassListener {

    /** One op instance of the graph, accumulated over the recorded steps. */
    public static final class OpRecord {
        public final String name;
        public final String type;
        public final Pass pass;
        /** Rank of the op's first output (tells a pixel shuffle's 6-D permute from the others). */
        public final int outputRank;
        /** Name of the parameter whose weights the op consumes (convolutions), or "". */
        public final String param;
        public long nanos;
        public long count;

        OpRecord(String name, String type, Pass pass, int outputRank, String param) {
            this.name = name;
            this.type = type;
            this.pass = pass;
            this.outputRank = outputRank;
            this.param = param;
        }
    }

    private final Map<String, OpRecord> ops = new LinkedHashMap<>();
    private final Set<String> forwardNames = new HashSet<>();
    private final long[] passNanos = new long[Pass.values().length];
    private Pass pass;
    private long passStart;
    private long opStart;
    private boolean recording;

    /** Recording is off during warm-up steps. */
    public void recording(boolean on) { recording = on; }

    @Override
    public void beginPass(Pass p) {
        pass = p;
        passStart = System.nanoTime();
    }

    @Override
    public void endPass() {
        if (recording && pass != null) passNanos[pass.ordinal()] += System.nanoTime() - passStart;
        pass = null;
    }

    @Override
    public boolean isActive(Operation operation) { return true; }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        opStart = System.nanoTime();
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext,
                            INDArray[] outputs) {
        long dt = System.nanoTime() - opStart;
        if (pass == Pass.SCORE) forwardNames.add(op.getName());
        if (!recording || pass == null) return;
        OpRecord r = ops.computeIfAbsent(pass + "/" + op.getName(), k -> new OpRecord(op.getName(), op.getOp().opName(),
                pass, outputs.length == 0 || outputs[0] == null ? 0 : outputs[0].rank(), weightSource(sd, op)));
        r.nanos += dt;
        r.count++;
    }

    public Iterable<OpRecord> records() { return ops.values(); }

    public long passNanos(Pass p) { return passNanos[p.ordinal()]; }

    /** Names of the ops a forward-only pass ran (recorded or not): in the gradient pass, the others are backward ops. */
    public Set<String> forwardOpNames() { return forwardNames; }

    /**
     * The trainable parameter feeding a convolution's weight input (through the kernel-layout permute and, in the
     * merged-kernel form, the kernel sum), so ESA's convolutions can be told from the trunk's.
     */
    static String weightSource(SameDiff sd, SameDiffOp op) {
        String type = op.getOp().opName();
        if (!type.startsWith("conv2d") || op.getInputsToOp() == null || op.getInputsToOp().size() < 2) return "";
        return parameterAbove(sd, op.getInputsToOp().get(1), 3);
    }

    private static String parameterAbove(SameDiff sd, String var, int depth) {
        Variable v = sd.getVariables().get(var);
        if (v == null) return "";
        if (v.getVariable().getVariableType() == VariableType.VARIABLE) return var;
        if (depth == 0 || v.getOutputOfOp() == null) return "";
        SameDiffOp producer = sd.getOps().get(v.getOutputOfOp());
        if (producer == null || producer.getInputsToOp() == null) return "";
        for (String in : producer.getInputsToOp()) {
            String p = parameterAbove(sd, in, depth - 1);
            if (!p.isEmpty()) return p;
        }
        return "";
    }
}
