package org.rrlfn.jobs.sweep;

import com.typesafe.config.Config;
import org.rrlfn.common.config.Settings;

/** {@code rrlfn.sweep}, validated. */
public record SweepSettings(String output, String mode, int trials, long seed, int concurrent, SweepSpace space,
                            String stages) {
    public static final String PATH = Settings.ROOT + ".sweep";

    public static SweepSettings from(Config root) {
        Config c = root.getConfig(PATH);
        String mode = c.getString("mode");
        if (!mode.equals("grid") && !mode.equals("random"))
            throw new Settings.Invalid(PATH + ".mode must be grid or random, got '" + mode + "'");
        int trials = c.getInt("trials"), concurrent = c.getInt("concurrent");
        if (trials < 1) throw new Settings.Invalid(PATH + ".trials must be positive, got " + trials);
        if (concurrent < 1) throw new Settings.Invalid(PATH + ".concurrent must be positive, got " + concurrent);
        if (c.getString("output").isBlank()) throw new Settings.Invalid(PATH + ".output is empty: it must name a folder");
        return new SweepSettings(c.getString("output"), mode, trials, c.getLong("seed"), concurrent,
                new SweepSpace(c.getConfig("space")),
                c.getValue("stages").render(com.typesafe.config.ConfigRenderOptions.concise()));
    }
}
