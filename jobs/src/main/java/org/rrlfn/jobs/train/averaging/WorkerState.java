package org.rrlfn.jobs.train.averaging;

import java.io.Serializable;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Everything that makes one network's training continue where another's stands: parameters, the updater's state
 * (Adam's m and v) and the step and epoch counts its schedules and bias correction read. What the barrier path
 * sends a rank to start from and pulls from rank 0, and all it moves: a rank's network is only a place to run this
 * state.
 */
record WorkerState(float[] params, float[] updater, int iteration, int epoch) implements Serializable {

    static WorkerState of(ComputationGraph g) {
        ComputationGraphConfiguration c = g.getConfiguration();
        return new WorkerState(g.params().toFloatVector(), updaterView(g).toFloatVector(), c.getIterationCount(),
                c.getEpochCount());
    }

    /** Overwrites all of {@code g}'s training state with this one. */
    void applyTo(ComputationGraph g) {
        INDArray p = g.params();
        INDArray u = updaterView(g);
        if (p.length() != params.length || u.length() != updater.length)
            throw new IllegalStateException("state of " + params.length + " parameters and " + updater.length
                    + " updater values does not fit a network of " + p.length() + " and " + u.length());
        p.assign(Nd4j.createFromArray(params).reshape(p.shape()));
        u.assign(Nd4j.createFromArray(updater).reshape(u.shape()));
        g.getConfiguration().setIterationCount(iteration);
        g.getConfiguration().setEpochCount(epoch);
    }

    private static INDArray updaterView(ComputationGraph g) {
        INDArray u = g.getUpdater().getStateViewArray();
        if (u == null) throw new IllegalStateException("the network's updater keeps no state to average (not Adam?)");
        return u;
    }
}
