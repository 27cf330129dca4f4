package org.rrlfn.jobs.train.config;

import java.io.Serializable;
import java.util.Locale;

/**
 * Which model a stage validates and keeps (BasicSR's {@code ema_decay}, {@code val_freq} and its best-model choice):
 *
 * @param emaDecay            d of an exponential moving average of the parameters per optimizer step (0 = none); the
 *                            EMA is what the stage validates, keeps and hands on, unless {@code rawWeights}
 * @param rawWeights          validate, keep and hand on the trained (averaged) weights even though an EMA is kept
 * @param validateEveryRounds validate every this many averaging rounds during the stage (0 = only at its end)
 * @param keep                the stage's final model: its last one, or the best validated one (ties to the later)
 */
public record Selection(double emaDecay, boolean rawWeights, int validateEveryRounds, Keep keep) implements Serializable {
    /** No EMA, no validation inside the stage, the last model kept. */
    public static final Selection LAST = new Selection(0, false, 0, Keep.LAST);

    public enum Keep {
        LAST, BEST;

        public static Keep of(String key) {
            for (Keep k : values()) if (k.toString().equals(key)) return k;
            throw new IllegalArgumentException("must be last or best, got '" + key + "'");
        }

        @Override public String toString() { return name().toLowerCase(Locale.ROOT); }
    }

    public Selection {
        if (!(emaDecay >= 0 && emaDecay < 1)) throw new IllegalArgumentException("ema-decay must lie in [0, 1), got " + emaDecay);
        if (validateEveryRounds < 0) throw new IllegalArgumentException("validate-every-rounds must be >= 0, got " + validateEveryRounds);
    }

    public boolean ema() { return emaDecay > 0; }

    /** Whether the EMA, not the trained weights, is what the stage validates and keeps. */
    public boolean keepsEma() { return ema() && !rawWeights; }

    /**
     * The EMA's decay per averaging round of {@code steps} optimizer steps: d^steps. BasicSR updates its EMA after every
     * step; here the driver sees the parameters once a round (the workers' steps in between are never averaged), so one
     * update a round with d^steps gives the start the weight d^n after n steps, as BasicSR's does: the same time
     * constant, 1 / (1 - d) steps, whatever the averaging frequency.
     */
    public double decayPerRound(int steps) { return Math.pow(emaDecay, steps); }
}
