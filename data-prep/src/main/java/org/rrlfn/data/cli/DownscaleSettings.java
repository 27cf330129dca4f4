package org.rrlfn.data.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;

/**
 * What {@code rrlfn downscale} does, validated: the MATLAB-bicubic factor, the HR image or folder to read and the
 * PNG or folder to write. Other commands (the pipeline) hand it to {@link DownscaleCommand#downscale} directly.
 */
public record DownscaleSettings(int scale, Path input, Path output) {
    public static final String PATH = Settings.ROOT + ".downscale";

    public DownscaleSettings {
        if (scale < 2) throw new UserError(PATH + ".scale must be an integer >= 2, got " + scale);
        if (!Files.exists(input)) throw new UserError("downscale: " + input + " does not exist");
    }

    /** From {@code rrlfn.downscale} and the command line's IN and OUT. */
    public static DownscaleSettings from(Settings.Loaded loaded) {
        int scale = loaded.config().getInt(PATH + ".scale");
        if (loaded.positional().size() != 2)
            throw new UserError("downscale needs IN and OUT (a file or a folder each), got " + loaded.positional());
        return new DownscaleSettings(scale, Path.of(loaded.positional().get(0)), Path.of(loaded.positional().get(1)));
    }
}
