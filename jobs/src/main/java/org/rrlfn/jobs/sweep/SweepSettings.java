package org.rrlfn.jobs.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;

/** {@code rrlfn.sweep}, validated; {@code stages} is the schedule every trial trains ({@code rrlfn.train.stages}'s form). */
public record SweepSettings(String output, String mode, int trials, long seed, int concurrent, SweepSpace space,
                            ConfigValue stages, boolean redoStale, Scheduler scheduler) {
    public static final String PATH = Settings.ROOT + ".sweep";

    /**
     * {@code rrlfn.sweep.scheduler} and its {@code asha} keys: {@code asha} false trains every trial to the end.
     *
     * @param minSteps        steps at ASHA's first rung
     * @param reductionFactor η: rungs at minSteps·η^k, the top 1/η of a rung promoted
     */
    public record Scheduler(boolean asha, long minSteps, int reductionFactor) {
        public static final Scheduler NONE = new Scheduler(false, 0, 0);
    }

    public static SweepSettings from(Config root) {
        Config c = root.getConfig(PATH);
        String mode = c.getString("mode");
        if (!mode.equals("grid") && !mode.equals("random"))
            throw new UserError(PATH + ".mode must be grid or random, got '" + mode + "'");
        int trials = c.getInt("trials"), concurrent = c.getInt("concurrent");
        if (trials < 1) throw new UserError(PATH + ".trials must be positive, got " + trials);
        if (concurrent < 1) throw new UserError(PATH + ".concurrent must be positive, got " + concurrent);
        if (c.getString("output").isBlank()) throw new UserError(PATH + ".output is empty: it must name a folder");
        return new SweepSettings(c.getString("output"), mode, trials, c.getLong("seed"), concurrent,
                new SweepSpace(c.getConfig("space")), c.getValue("stages"), c.getBoolean("redo-stale"), scheduler(c));
    }

    private static Scheduler scheduler(Config c) {
        String name = c.getString("scheduler");
        if (name.equals("none")) return Scheduler.NONE;
        if (!name.equals("asha")) throw new UserError(PATH + ".scheduler must be none or asha, got '" + name + "'");
        long min = c.getLong("asha.min-steps");
        int eta = c.getInt("asha.reduction-factor");
        if (min < 1) throw new UserError(PATH + ".asha.min-steps must be positive, got " + min);
        if (eta < 2) throw new UserError(PATH + ".asha.reduction-factor must be at least 2, got " + eta);
        return new Scheduler(true, min, eta);
    }
}
