package org.rrlfn.jobs.train;

import java.util.List;

/**
 * One round of the resident or barrier path beside its steps, in milliseconds, as the driver and the workers
 * measured it.
 *
 * @param broadcastMs   the driver getting the averaged state out to the workers (resident: out of its network and
 *                      into a broadcast; barrier: encoded once and sent with each worker's recipes)
 * @param jobMs         from then until every worker's state is back (resident: the Spark job; barrier: waiting)
 * @param applyMs       averaging the states into the driver's network
 * @param slowestTaskMs the longest worker round, as its executor measured it
 * @param fetchMs       the longest fetch of the broadcast state by a task (0 on the barrier path)
 * @param stateMs       the longest time a worker spent writing the state into its network and copying it out
 * @param networksBuilt worker networks built in this round (0 once every slot's network exists)
 */
public record RoundPhases(double broadcastMs, double jobMs, double applyMs, double slowestTaskMs, double fetchMs,
                          double stateMs, int networksBuilt) {

    /** The driver's three intervals (nanosecond clock readings) and the workers' maxima from their reports. */
    static RoundPhases of(long started, long sent, long returned, long applied, List<RoundResult.SlotReport> slots) {
        double slowest = 0, fetch = 0, state = 0;
        int built = 0;
        for (RoundResult.SlotReport s : slots) {
            slowest = Math.max(slowest, s.taskMs());
            fetch = Math.max(fetch, s.fetchMs());
            state = Math.max(state, s.stateMs());
            if (s.built()) built++;
        }
        return new RoundPhases((sent - started) / 1e6, (returned - sent) / 1e6, (applied - returned) / 1e6, slowest,
                fetch, state, built);
    }
}
