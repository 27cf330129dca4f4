package org.rrlfn.jobs.upscale;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.Locale;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;
import org.rrlfn.model.arch.RrlfnConfig;

/** {@code rrlfn.upscale}, validated. Serializable: Spark ships it to the executors. */
public record UpscaleSettings(String model, String input, String output, Engine engine, int tile, int overlap,
                              String suffix, int progressSeconds, boolean redoStale) implements Serializable {
    public static final String PATH = Settings.ROOT + ".upscale";

    /** Which runtime executes the network on the executors. */
    public enum Engine { DL4J, ONNX }

    public UpscaleSettings {
        require(!model.isBlank(), "model", "must name a DL4J model zip or an .onnx file");
        require(!input.isBlank(), "input", "must name a folder or glob of images");
        require(!output.isBlank(), "output", "must name the output folder");
        require(tile >= RrlfnConfig.MIN_INPUT_SIDE, "tile", "must be at least " + RrlfnConfig.MIN_INPUT_SIDE
                + " LR pixels (the network's smallest input), got " + tile);
        require(overlap >= 0 && tile - overlap >= 1, "overlap", "must be >= 0 and smaller than tile (" + tile
                + "), got " + overlap);
        require(!suffix.contains("/") && !suffix.contains("\\"), "suffix", "must not contain a path separator, got '"
                + suffix + "'");
        require(progressSeconds >= 1, "progress-seconds", "must be >= 1, got " + progressSeconds);
    }

    public static UpscaleSettings from(Config root) {
        Config c = root.getConfig(PATH);
        return new UpscaleSettings(c.getString("model").trim(), c.getString("input").trim(),
                c.getString("output").trim(), engine(c.getString("engine")), c.getInt("tile"), c.getInt("overlap"),
                c.getString("suffix"), c.getInt("progress-seconds"),
                c.getBoolean("redo-stale"));
    }

    public UpscaleSettings withEngine(Engine e) {
        return new UpscaleSettings(model, input, output, e, tile, overlap, suffix, progressSeconds, redoStale);
    }

    public UpscaleSettings withTiling(int tileSide, int overlapPixels) {
        return new UpscaleSettings(model, input, output, engine, tileSide, overlapPixels, suffix, progressSeconds, redoStale);
    }

    public UpscaleSettings withRedoStale(boolean redo) {
        return new UpscaleSettings(model, input, output, engine, tile, overlap, suffix, progressSeconds, redo);
    }

    public UpscaleSettings withOutput(String folder) {
        return new UpscaleSettings(model, input, folder, engine, tile, overlap, suffix, progressSeconds, redoStale);
    }

    /** The suffix with {@code {scale}} replaced, e.g. "_x2". */
    String suffixFor(int scale) {
        return suffix.replace("{scale}", String.valueOf(scale));
    }

    private static Engine engine(String name) {
        try {
            return Engine.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError(PATH + ".engine must be dl4j or onnx, got '" + name + "'");
        }
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) throw new UserError(PATH + "." + key + " " + message);
    }
}
