package org.rrlfn.jobs.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;

/** {@code rrlfn.sweep}, validated; {@code stages} is the schedule every trial trains ({@code rrlfn.train.stages}'s form). */
public record SweepSettings(String output, String mode, int trials, long seed, int concurrent, SweepSpace space,
                            ConfigValue stages, boolean redoStale) {
    public static final String PATH = Settings.ROOT + ".sweep";

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
                new SweepSpace(c.getConfig("space")), c.getValue("stages"), c.getBoolean("redo-stale"));
    }
}
