package org.rrlfn.jobs.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.rrlfn.common.log.Console;
import org.rrlfn.jobs.train.TrainJob;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.config.TrainSettings;
import org.rrlfn.jobs.train.run.RunState;

/**
 * The ASHA sweep's trials trained by `train`: a rung is the trial's run with rrlfn.train.stop-after-steps at the rung's
 * steps, which stops validated (validation split) and checkpointed there; a promotion re-runs it with the next rung's
 * steps, which resumes the checkpoint (the bound is no part of the run's configuration).
 */
final class TrainTrials implements TrialRunner {
    private final JavaSparkContext sc;
    private final SweepSettings sweep;
    private final Config base;
    private final List<Map<String, ConfigValue>> points;

    TrainTrials(JavaSparkContext sc, SweepSettings sweep, Config base, List<Map<String, ConfigValue>> points) {
        this.sc = sc;
        this.sweep = sweep;
        this.base = base;
        this.points = points;
    }

    @Override
    public RungResult train(int trial, long steps) throws IOException {
        TrainSettings t = SweepJob.trainSettings(sweep, base, points.get(trial), trial, steps);
        SweepJob.startTrial(sc, sweep, trial, points.get(trial));
        long start = System.nanoTime();
        Console.info("sweep trial %d: %s, to %d steps", trial, SweepSpace.asOverrides(points.get(trial)), steps);
        RunState state = TrainJob.run(sc, t);
        RunState.Validation v = SweepJob.validation(trial, state, stageAt(t.stages(), steps));
        return new RungResult(v.psnrY, v.bicubicPsnrY, (System.nanoTime() - start) / 1e9);
    }

    /** The stage a run of these stages stops in after {@code steps} steps (a stage's last step counts as in it). */
    static Stage stageAt(List<Stage> stages, long steps) {
        long end = 0;
        for (Stage st : stages) {
            end += st.iterations();
            if (steps <= end) return st;
        }
        return stages.get(stages.size() - 1);
    }
}
