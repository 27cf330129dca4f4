package org.rrlfn.jobs.model;

import com.typesafe.config.Config;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;
import org.rrlfn.model.arch.RrlfnConfig;

/** {@code rrlfn.model}: the architecture, validated, as an {@link RrlfnConfig}. */
public final class ModelSettings {
    public static final String PATH = Settings.ROOT + ".model";

    private ModelSettings() { }

    public static RrlfnConfig from(Config c) {
        Config m = c.getConfig(PATH);
        try {
            return new RrlfnConfig(m.getInt("scale"), m.getInt("channels"), m.getInt("blocks"), m.getInt("esa-channels"),
                    activation(m.getString("activation")), m.getDouble("negative-slope"), RrlfnConfig.Form.TRAIN,
                    m.getBoolean("merge-branches-in-graph"));
        } catch (IllegalArgumentException e) {
            throw new UserError(PATH + ": " + e.getMessage());
        }
    }

    private static RrlfnConfig.Activation activation(String name) {
        return switch (name) {
            case "lrelu", "leaky-relu" -> RrlfnConfig.Activation.LEAKY_RELU;
            case "relu" -> RrlfnConfig.Activation.RELU;
            default -> throw new UserError(PATH + ".activation must be lrelu or relu, got '" + name + "'");
        };
    }
}
