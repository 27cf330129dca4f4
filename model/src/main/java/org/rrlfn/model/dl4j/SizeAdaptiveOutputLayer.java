package org.rrlfn.model.dl4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.DL4JSameDiffMemoryMgr;
import org.deeplearning4j.nn.layers.samediff.SameDiffOutputLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.common.base.Preconditions;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.model.Engine;

/**
 * DL4J's SameDiff output layer fixes the input's H×W when it first builds its graph; RRLFN runs on patches
 * in training and on whole images of any size afterwards. This layer rebuilds the graph whenever the
 * spatial size (or the presence of labels) changes; building is cheap next to one forward pass.
 */
public class SizeAdaptiveOutputLayer extends SameDiffOutputLayer {
    private long[] builtFor;
    /**
     * A profiling listener told which pass of a training step the ops it sees belong to (the profile package's
     * {@code OpTimes}; declared here so that profiling depends on this layer and not the other way round).
     */
    public interface PassListener extends org.nd4j.autodiff.listeners.Listener {
        /** The graph passes a DL4J SameDiff output layer runs in one training step. */
        enum Pass {
            /** {@code calculateGradients}: the forward ops again, then the backward ops. */
            GRADIENTS,
            /** {@code computeScore} when it runs the graph: the forward ops alone, up to the loss value. */
            SCORE
        }

        void beginPass(Pass p);

        void endPass();
    }

    /** Set only by {@code benchmark-model --profile}; attached to every graph this layer builds. */
    private transient PassListener profile;
    /** The loss of the last gradient pass (NaN once used), and the arrays it was computed for. */
    private transient double stepLoss = Double.NaN;
    private transient INDArray lossInput, lossLabels;

    public SizeAdaptiveOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private void rebuildIfShapeChanged() {
        long[] key = shapeKey();
        if (sameDiff != null) {
            boolean inputChanged = !Arrays.equals(builtFor, 0, 3, key, 0, 3);
            boolean labelsChanged = labels != null && !Arrays.equals(builtFor, 3, 6, key, 3, 6);
            if (inputChanged || labelsChanged) sameDiff = null;
        }
        if (sameDiff == null) builtFor = key;
    }

    private long[] shapeKey() {
        long[] k = {input.size(1), input.size(2), input.size(3), -1, -1, -1};
        if (labels != null) {
            k[3] = labels.size(1);
            k[4] = labels.size(2);
            k[5] = labels.size(3);
        }
        return k;
    }

    /** Times every op of this layer's graph from now on, and the passes a training step runs. */
    public void profileWith(PassListener p) {
        profile = p;
        if (sameDiff != null) sameDiff.addListeners(p);
    }

    /** Detaches the profile, so training runs without a listener's per-op work. */
    public void stopProfiling() {
        profile = null;
        if (sameDiff != null) sameDiff.setListeners();
    }

    @Override
    protected void doInit() {
        super.doInit();
        if (profile != null) sameDiff.addListeners(profile);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        stepLoss = Double.NaN;
        if (onTorch()) {
            assertInputSet(false);
            int s = rrlfn().getScale();
            INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(),
                    new long[]{input.size(0), 3, input.size(2) * s, input.size(3) * s}, 'c');
            rrlfn().torchStep().output(paramTable, input, out);
            return out;
        }
        OpenMpThreads.useNativeThreads();
        rebuildIfShapeChanged();
        return super.activate(training, mgr);
    }

    private RrlfnLayer rrlfn() { return (RrlfnLayer) layerConf(); }

    private boolean onTorch() { return rrlfn().getEngine() == Engine.TORCH; }

    /**
     * The torch engine's gradient pass: the objective and its gradient computed by libtorch straight into DL4J's
     * gradient views; the updater then steps as after the SameDiff pass. No gradient for the input is returned: the
     * layer's input is the network's, and DL4J hands an input vertex's epsilon to nobody.
     */
    private Pair<Gradient, INDArray> torchGradients() {
        assertInputSet(true);
        Preconditions.checkState(labels != null, "Cannot execute backprop: labels are not set");
        stepLoss = rrlfn().torchStep().gradients(paramTable, gradTable, input, labels);
        lossInput = input;
        lossLabels = labels;
        Gradient g = new DefaultGradient();
        for (String p : paramTable.keySet()) g.gradientForVariable().put(p, gradTable.get(p));
        return new Pair<>(g, null);
    }

    /**
     * DL4J's {@code SameDiffOutputLayer.backpropGradient} (1.0.0-M2.1), with one change: the gradient pass also
     * returns the loss ({@code calculateGradientsAndOutputs}), which {@link #computeScore} then answers with. DL4J
     * asks for the score right after this pass and would run the whole forward graph again for it: a fifth of a
     * training step ({@code benchmark-model --profile}). The pass does not compute the loss for the gradients alone
     * (its final sum needs only a shape), so it is asked for the loss as an output.
     */
    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        if (onTorch()) return torchGradients();
        OpenMpThreads.useNativeThreads();
        rebuildIfShapeChanged();
        assertInputSet(true);
        Preconditions.checkState(labels != null, "Cannot execute backprop: labels are not set");
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (sameDiff == null) doInit();
            if (sameDiff.getFunction("grad") == null) sameDiff.createGradFunction(INPUT_KEY);
        }
        Map<Long, InferenceSession> sessions = sameDiff.getFunction("grad").getSessions();
        long thread = Thread.currentThread().getId();
        sessions.computeIfAbsent(thread, t -> SameDiff.getInferenceFactory().create(sameDiff.getFunction("grad")));
        String actGradWs = mgr.getWorkspaceName(ArrayType.ACTIVATION_GRAD);
        boolean actGradScopedOut = mgr.isScopedOut(ArrayType.ACTIVATION_GRAD);
        Preconditions.checkState(actGradScopedOut || actGradWs != null, "Activation gradients must have a workspace or be scoped out");
        sessions.get(thread).setMmgr(new DL4JSameDiffMemoryMgr(mgr.getWorkspaceName(ArrayType.BP_WORKING_MEM), actGradWs,
                mgr.getConfiguration(ArrayType.BP_WORKING_MEM), mgr.getConfiguration(ArrayType.ACTIVATION_GRAD)));

        List<String> wrt = new ArrayList<>(paramTable.keySet());
        wrt.add(INPUT_KEY);
        Map<String, INDArray> placeholders = new HashMap<>();
        placeholders.put(INPUT_KEY, input);
        placeholders.put(LABELS_KEY, labels);
        if (profile != null) profile.beginPass(PassListener.Pass.GRADIENTS);
        OutAndGrad result;
        try {
            result = sameDiff.calculateGradientsAndOutputs(placeholders, List.of(outputKey), wrt);
        } finally {
            if (profile != null) profile.endPass();
        }
        stepLoss = result.getOutputs().get(outputKey).getDouble(0);
        lossInput = input;
        lossLabels = labels;
        Gradient g = new DefaultGradient();
        Map<String, INDArray> grads = result.getGradients();
        for (String p : paramTable.keySet()) {
            INDArray sdGrad = grads.get(p), dl4jGrad = gradTable.get(p);
            dl4jGrad.assign(sdGrad);
            g.gradientForVariable().put(p, dl4jGrad);
            if (sdGrad.closeable()) sdGrad.close();
        }
        INDArray dLdIn = grads.get(INPUT_KEY);
        // As DL4J: no out-of-scope array may stay referenced by the graph.
        sameDiff.clearPlaceholders(true);
        sameDiff.clearOpInputs();
        if (!actGradScopedOut && !dLdIn.data().getParentWorkspace().getId().equals(actGradWs)) {
            dLdIn = mgr.dup(ArrayType.ACTIVATION_GRAD, dLdIn);
        } else if (actGradScopedOut && dLdIn.isAttached()) {
            dLdIn = dLdIn.detach();
        }
        return new Pair<>(g, dLdIn);
    }

    /**
     * DL4J asks for the score right after the gradient pass, on the same arrays and parameters: the loss that pass
     * computed answers it (as DL4J's own formula, (loss + regularization) / batch) instead of a second forward.
     */
    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr mgr) {
        if (!Double.isNaN(stepLoss) && input == lossInput && labels == lossLabels) {
            double loss = stepLoss;
            stepLoss = Double.NaN;   // once: a later score (after the update) runs the graph
            return (loss + fullNetRegTerm) / input.size(0);
        }
        if (onTorch()) return (rrlfn().torchStep().objective(paramTable, input, labels) + fullNetRegTerm) / input.size(0);
        OpenMpThreads.useNativeThreads();
        rebuildIfShapeChanged();
        if (profile == null) return super.computeScore(fullNetRegTerm, training, mgr);
        profile.beginPass(PassListener.Pass.SCORE);
        try {
            return super.computeScore(fullNetRegTerm, training, mgr);
        } finally {
            profile.endPass();
        }
    }
}
