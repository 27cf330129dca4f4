package org.rrlfn.jobs.train.model;

import java.util.Objects;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A stage's learning rate, lr · ½^⌊i / period⌋ · min(1, (i + 1) / warmup) at its step i = t − first (optimizer step t;
 * the paper: 5e-4 halved every 2×10⁵, no warm-up; BasicSR's linear warm-up runs step k = i + 1 at lr · k / warmup).
 * {@code first} is the step count the stage starts at: 0 with a fresh optimizer; a stage that keeps Adam's state
 * continues the previous stage's count (for Adam's bias correction) and still runs its own schedule from its start.
 * DL4J serialises schedules as JSON inside the network configuration, hence the Jackson properties; a checkpoint
 * written before warm-up existed has no "warmup" and reads back as 0, none. Not final: checkpoints name the class
 * this was before the train package's layout, {@code org.rrlfn.jobs.train.HalvingSchedule}, which extends it.
 */
public class HalvingSchedule implements ISchedule {
    private static final long serialVersionUID = 1L;
    private final double lr;
    private final int period;
    private final int first;
    private final int warmup;

    public HalvingSchedule(@JsonProperty("lr") double lr, @JsonProperty("period") int period,
                           @JsonProperty("first") int first, @JsonProperty("warmup") int warmup) {
        if (!(lr > 0) || period < 1 || first < 0 || warmup < 0)
            throw new IllegalArgumentException("need lr > 0, period >= 1, first >= 0, warmup >= 0; got " + lr + ", "
                    + period + ", " + first + ", " + warmup);
        this.lr = lr;
        this.period = period;
        this.first = first;
        this.warmup = warmup;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        int i = Math.max(0, iteration - first);
        double rate = lr * Math.pow(0.5, Math.floor(i / (double) period));
        return i < warmup ? rate * (i + 1) / warmup : rate;
    }

    @Override
    public ISchedule clone() { return this; }

    public double getLr() { return lr; }

    public int getPeriod() { return period; }

    public int getFirst() { return first; }

    public int getWarmup() { return warmup; }

    @Override
    public boolean equals(Object o) {
        return o instanceof HalvingSchedule h && h.lr == lr && h.period == period && h.first == first && h.warmup == warmup;
    }

    @Override
    public int hashCode() { return Objects.hash(lr, period, first, warmup); }

    @Override
    public String toString() {
        return "HalvingSchedule(lr=" + lr + ", period=" + period + ", first=" + first + ", warmup=" + warmup + ")";
    }
}
