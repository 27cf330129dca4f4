package org.rrlfn.jobs.train.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.jobs.train.config.Selection;

/**
 * An exponential moving average of a network's parameters, ema ← d·ema + (1 − d)·params, one update per averaging
 * round ({@link Selection#decayPerRound}), starting from the stage's initial weights as BasicSR's {@code net_g_ema}
 * does. It lives on the driver, which holds the averaged parameters after every round on every averaging path, so the
 * workers and the socket protocol carry nothing more. Kept in double precision: with d close to 1 each update moves
 * the average by (1 − d)·(params − ema), which float32 would round away, and a checkpoint restores it bit for bit.
 */
final class ParameterEma {
    private final double decay;
    private final double[] values;

    /** An EMA of decay {@code decayPerRound} standing at {@code values} (taken, not copied). */
    ParameterEma(double decayPerRound, double[] values) {
        if (!(decayPerRound >= 0 && decayPerRound < 1)) throw new IllegalArgumentException("decay " + decayPerRound);
        this.decay = decayPerRound;
        this.values = values;
    }

    /** An EMA starting at {@code params}. */
    static ParameterEma startingAt(double decayPerRound, INDArray params) {
        float[] p = params.toFloatVector();
        double[] v = new double[p.length];
        for (int i = 0; i < p.length; i++) v[i] = p[i];
        return new ParameterEma(decayPerRound, v);
    }

    /** One round's update with the averaged parameters the round ended with. */
    void update(INDArray params) {
        float[] p = params.toFloatVector();
        if (p.length != values.length)
            throw new IllegalArgumentException(p.length + " parameters for an EMA of " + values.length);
        for (int i = 0; i < p.length; i++) values[i] = decay * values[i] + (1 - decay) * p[i];
    }

    /** The average as a float row vector, the network's parameter type. */
    INDArray weights() {
        float[] w = new float[values.length];
        for (int i = 0; i < w.length; i++) w[i] = (float) values[i];
        return Nd4j.createFromArray(w).reshape(1, w.length);
    }

    /** The average itself (not a copy): what a checkpoint saves. */
    double[] values() { return values; }
}
