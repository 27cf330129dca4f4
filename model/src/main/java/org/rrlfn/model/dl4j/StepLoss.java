package org.rrlfn.model.dl4j;

import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The loss value of a gradient pass, kept for the score DL4J asks for right after it: DL4J's SameDiff output
 * layer would otherwise run the whole forward graph once more for that number (a fifth of a training step here,
 * {@code benchmark-model --profile}). The gradient pass does not run the loss's final {@code sum} (its gradient
 * needs only the shape), but it does compute the per-example losses the sum reads: the value is their sum.
 * Captures only while armed (during a gradient pass); one value, taken at most once.
 */
final class StepLoss extends BaseListener {
    /** The variable the loss sums, or null when the loss is not a plain sum (then nothing is captured). */
    private final String summed;
    private boolean armed;
    private boolean captured;
    private double value;

    StepLoss(SameDiff sd, String lossName) {
        Variable loss = sd.getVariables().get(lossName);
        SameDiffOp producer = loss == null || loss.getOutputOfOp() == null ? null : sd.getOps().get(loss.getOutputOfOp());
        summed = producer != null && producer.getOp().opName().equals("reduce_sum")
                && producer.getInputsToOp().size() == 1 ? producer.getInputsToOp().get(0) : null;
    }

    @Override
    public boolean isActive(Operation operation) { return true; }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext,
                            INDArray[] outputs) {
        if (!armed || summed == null) return;
        int i = op.getOutputsOfOp().indexOf(summed);
        if (i >= 0) {
            value = outputs[i].sumNumber().doubleValue();
            captured = true;
        }
    }

    /** Starts a gradient pass: forgets any earlier value and captures this pass's. */
    void arm() {
        captured = false;
        armed = true;
    }

    void disarm() { armed = false; }

    void forget() { captured = false; }

    boolean available() { return captured; }

    /** The captured value; forgets it, so a later score (with changed parameters) recomputes. */
    double take() {
        captured = false;
        return value;
    }
}
