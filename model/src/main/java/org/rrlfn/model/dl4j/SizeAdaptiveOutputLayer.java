package org.rrlfn.model.dl4j;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffOutputLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.model.profile.OpTimes;

/**
 * DL4J's SameDiff output layer fixes the input's H×W when it first builds its graph; RRLFN runs on patches
 * in training and on whole images of any size afterwards. This layer rebuilds the graph whenever the
 * spatial size (or the presence of labels) changes; building is cheap next to one forward pass.
 */
public class SizeAdaptiveOutputLayer extends SameDiffOutputLayer {
    private long[] builtFor;
    /** Set only by {@code benchmark-model --profile}; attached to every graph this layer builds. */
    private transient OpTimes profile;
    /** The loss of the last gradient pass, and the arrays it was computed for. */
    private transient StepLoss stepLoss;
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
    public void profileWith(OpTimes p) {
        profile = p;
        if (sameDiff != null) sameDiff.addListeners(p);
    }

    @Override
    protected void doInit() {
        super.doInit();
        stepLoss = new StepLoss(sameDiff, outputKey);
        sameDiff.addListeners(stepLoss);
        if (profile != null) sameDiff.addListeners(profile);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        rebuildIfShapeChanged();
        if (stepLoss != null) stepLoss.forget();
        return super.activate(training, mgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        rebuildIfShapeChanged();
        if (sameDiff == null) {   // here rather than inside DL4J's call, so the first pass's loss is captured too
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                doInit();
            }
        }
        stepLoss.arm();
        lossInput = input;
        lossLabels = labels;
        if (profile != null) profile.beginPass(OpTimes.Pass.GRADIENTS);
        try {
            return super.backpropGradient(epsilon, mgr);
        } finally {
            stepLoss.disarm();
            if (profile != null) profile.endPass();
        }
    }

    /**
     * DL4J asks for the score right after the gradient pass, on the same arrays and parameters: the loss that pass
     * computed answers it (as DL4J's own formula, (loss + regularization) / batch) instead of a second forward.
     */
    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr mgr) {
        if (stepLoss != null && stepLoss.available() && input == lossInput && labels == lossLabels) {
            return (stepLoss.take() + fullNetRegTerm) / input.size(0);
        }
        rebuildIfShapeChanged();
        if (profile == null) return super.computeScore(fullNetRegTerm, training, mgr);
        profile.beginPass(OpTimes.Pass.SCORE);
        try {
            return super.computeScore(fullNetRegTerm, training, mgr);
        } finally {
            profile.endPass();
        }
    }
}
