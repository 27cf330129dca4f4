package org.rrlfn.model.dl4j;

import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The loss value the gradient pass computes on its way, kept for the score DL4J asks for right after it.
 * DL4J's SameDiff output layer would otherwise run the whole forward graph once more for that number
 * (a fifth of a training step here: {@code benchmark-model --profile}). One value, taken at most once.
 */
final class StepLoss extends BaseListener {
    private final String lossName;
    private double value;
    private boolean captured;

    StepLoss(String lossName) {
        this.lossName = lossName;
    }

    @Override
    public boolean isActive(Operation operation) { return true; }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext,
                            INDArray[] outputs) {
        int i = op.getOutputsOfOp().indexOf(lossName);
        if (i >= 0) {
            value = outputs[i].getDouble(0);
            captured = true;
        }
    }

    void forget() { captured = false; }

    boolean available() { return captured; }

    /** The captured value; forgets it, so a later score with changed parameters recomputes. */
    double take() {
        captured = false;
        return value;
    }
}
