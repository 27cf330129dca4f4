package org.rrlfn.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.rrlfn.common.UserError;

/**
 * Training profiles: "full" is the configuration as loaded; any other name is a configuration file on the class path
 * ({@code rrlfn/profiles/NAME.conf}) layered under what the user set, so every key the user gives wins over it.
 */
public final class Profiles {
    /** Where the profile files are, as class-path resources {@code <name>.conf}. */
    public static final String RESOURCES = "rrlfn/profiles/";

    private Profiles() { }

    /** loaded with profile name in place; key names the setting that chose it, for the error. */
    public static Config apply(Settings.Loaded loaded, String name, String key) {
        if (name.equals("full")) return loaded.config();
        if (!name.matches("[a-z][a-z0-9-]*") || Profiles.class.getClassLoader().getResource(RESOURCES + name + ".conf") == null)
            throw new UserError(key + " must be full, demo or finetune, got '" + name + "'");
        return loaded.under(ConfigFactory.parseResources(RESOURCES + name + ".conf"));
    }
}
