package org.rrlfn.jobs.train.averaging;

import java.io.Serializable;

/**
 * Where one rank ran in a round and what its round cost beside the steps.
 *
 * @param built     the rank built its network in this round (its first)
 * @param networkMs building the network and joining the process group (first round; 0 after)
 * @param stateMs   writing a sent state into the network and the all-reduce among the ranks (its wait for the
 *                  slowest rank included)
 * @param taskMs    the rank's whole round: state, minibatches, fitting, all-reduce
 */
record SlotReport(int slot, String executorId, String host, boolean built, double networkMs, double stateMs,
                  double taskMs) implements Serializable { }
