package org.rrlfn.jobs.train.averaging;

import java.util.List;

/**
 * One round of the barrier path beside its steps, in milliseconds, as the driver and the ranks measured it.
 *
 * @param broadcastMs   the driver sending each rank its recipes (and, in a rank's first round, the state)
 * @param jobMs         from then until every rank's report is back
 * @param applyMs       the driver's work on the reports
 * @param slowestTaskMs the longest rank round, as its executor measured it
 * @param stateMs       the longest time a rank spent writing a sent state into its network and in the all-reduce
 * @param networksBuilt worker networks built in this round (0 once every slot's network exists)
 */
public record RoundPhases(double broadcastMs, double jobMs, double applyMs, double slowestTaskMs, double stateMs,
                          int networksBuilt) {

    /** The driver's three intervals (nanosecond clock readings) and the workers' maxima from their reports. */
    static RoundPhases of(long started, long sent, long returned, long applied, List<SlotReport> slots) {
        double slowest = 0, state = 0;
        int built = 0;
        for (SlotReport s : slots) {
            slowest = Math.max(slowest, s.taskMs());
            state = Math.max(state, s.stateMs());
            if (s.built()) built++;
        }
        return new RoundPhases((sent - started) / 1e6, (returned - sent) / 1e6, (applied - returned) / 1e6, slowest,
                state, built);
    }
}
