package org.rrlfn.jobs.train;

import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The name under which checkpoints written before the train package's layout store a stage's schedule (DL4J keeps
 * the class name in the network configuration's JSON): it reads back as the schedule itself, so those runs resume.
 */
public final class HalvingSchedule extends org.rrlfn.jobs.train.model.HalvingSchedule {
    private static final long serialVersionUID = 1L;

    public HalvingSchedule(@JsonProperty("lr") double lr, @JsonProperty("period") int period,
                           @JsonProperty("first") int first, @JsonProperty("warmup") int warmup) {
        super(lr, period, first, warmup);
    }
}
