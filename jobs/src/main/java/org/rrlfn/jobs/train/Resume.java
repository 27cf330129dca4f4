package org.rrlfn.jobs.train;

import java.io.IOException;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rrlfn.common.UserError;
import org.rrlfn.common.log.Console;
import org.rrlfn.jobs.train.model.ModelKeeper;
import org.rrlfn.jobs.train.run.RunLayout;
import org.rrlfn.jobs.train.run.RunState;
import org.rrlfn.jobs.train.run.RunStore;

/**
 * Where a run continues: the newest intact state whose checkpoint (if it has one) also reads back, with what its
 * stage's {@link ModelKeeper} saved beside it (the EMA, the best model so far; null when it saved nothing). A damaged
 * newest pair falls back to the previous state and the checkpoint it names, which are kept for this reason.
 */
record Resume(RunState state, ComputationGraph checkpoint, ModelKeeper.Saved kept) {
    static Resume from(RunStore store, List<RunState> newestFirst) throws IOException {
        if (newestFirst.isEmpty()) return new Resume(new RunState(), null, null);
        StringBuilder skipped = new StringBuilder();
        for (RunState s : newestFirst) {
            if (!s.inProgress()) return new Resume(s, null, null);
            String beside = RunLayout.keeperState(s.checkpoint());
            String reading = s.checkpoint();
            try {
                ComputationGraph net = store.loadModel(reading, true);
                reading = beside;
                ModelKeeper.Saved kept = store.exists(beside) ? store.read(beside, ModelKeeper.Saved::read) : null;
                return new Resume(s, net, kept);
            } catch (IOException | RuntimeException e) {
                Console.info("train: skipping state %d: %s does not read back (%s)", s.sequence(), store.path(reading),
                        RunStore.reason(e));
                skipped.append("; ").append(reading).append(" (").append(RunStore.reason(e)).append(")");
            }
        }
        throw new UserError("no intact checkpoint to resume " + store.uri() + " from" + skipped + "; use a new run"
                + " folder, or delete its state-*.json files to train every stage again in this one");
    }
}
