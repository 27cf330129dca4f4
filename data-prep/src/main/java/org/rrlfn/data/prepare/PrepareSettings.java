package org.rrlfn.data.prepare;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rrlfn.model.config.Settings;

/** {@code rrlfn.prepare}, validated. Serializable: Spark ships it to the executors. */
public record PrepareSettings(String input, String output, boolean overwrite, List<Integer> scales, int hrPatch,
                              int patchesPerImage, int stride, double skipFlatThreshold,
                              double flipRotateProbability, double channelShuffleProbability, long seed,
                              int shardSize, int validationImages, int partitions, long maxImagePixels,
                              int progressSeconds) implements Serializable {
    public static final String PATH = Settings.ROOT + ".prepare";
    /** Smallest LR side kept: below it an image says little and MATLAB's 4-tap border handling dominates. */
    public static final int MIN_LR_SIDE = 15;

    public PrepareSettings {
        scales = List.copyOf(scales);
        require(!input.isBlank(), "input", "must name a folder or glob of HR images");
        require(!output.isBlank(), "output", "must name the output folder");
        require(!scales.isEmpty(), "scales", "must list at least one scale");
        for (int s : scales) require(s >= 2 && s <= 8, "scales", "must be integers from 2 to 8, got " + s);
        require(scales.stream().distinct().count() == scales.size(), "scales", "lists a scale twice: " + scales);
        int l = lcm(scales);
        require(hrPatch > 0 && hrPatch % l == 0, "hr-patch", "must be a positive multiple of " + l
                + " (every scale in " + scales + "), got " + hrPatch);
        require(patchesPerImage >= 0, "patches-per-image", "must be >= 0, got " + patchesPerImage);
        require(patchesPerImage > 0 || stride > 0 && stride % l == 0, "stride",
                "must be a positive multiple of " + l + " when patches-per-image = 0, got " + stride);
        require(skipFlatThreshold >= 0, "skip-flat-threshold", "must be >= 0, got " + skipFlatThreshold);
        require(flipRotateProbability >= 0 && flipRotateProbability <= 1, "augment.flip-rotate-probability",
                "must lie in [0, 1], got " + flipRotateProbability);
        require(channelShuffleProbability >= 0 && channelShuffleProbability <= 1,
                "augment.channel-shuffle-probability", "must lie in [0, 1], got " + channelShuffleProbability);
        require(shardSize >= 1, "shard-size", "must be >= 1, got " + shardSize);
        require(validationImages >= 0, "validation-images", "must be >= 0, got " + validationImages);
        require(partitions >= 0, "partitions", "must be >= 0, got " + partitions);
        long minPixels = (long) hrPatch * hrPatch * 4;
        require(maxImagePixels >= minPixels, "max-image-pixels", "must be at least 4 patches' worth ("
                + minPixels + "), got " + maxImagePixels);
        require(progressSeconds >= 1, "progress-seconds", "must be >= 1, got " + progressSeconds);
    }

    public static PrepareSettings from(Config config) {
        Config p = config.getConfig(PATH);
        return new PrepareSettings(p.getString("input").trim(), p.getString("output").trim(),
                p.getBoolean("overwrite"), p.getIntList("scales"), p.getInt("hr-patch"), p.getInt("patches-per-image"),
                p.getInt("stride"), p.getDouble("skip-flat-threshold"),
                p.getDouble("augment.flip-rotate-probability"), p.getDouble("augment.channel-shuffle-probability"),
                p.getLong("seed"), p.getInt("shard-size"), p.getInt("validation-images"), p.getInt("partitions"),
                p.getLong("max-image-pixels"), p.getInt("progress-seconds"));
    }

    /** Patch positions are multiples of this, so every scale's LR patch starts on a whole LR pixel. */
    public int alignment() { return lcm(scales); }

    public int maxScale() { return scales.stream().mapToInt(Integer::intValue).max().orElseThrow(); }

    /** The settings as written into the manifest, keyed like the configuration. */
    public Map<String, Object> asConfigMap() {
        Map<String, Object> m = new TreeMap<>();
        m.put("input", input);
        m.put("output", output);
        m.put("scales", scales);
        m.put("hr-patch", hrPatch);
        m.put("patches-per-image", patchesPerImage);
        m.put("stride", stride);
        m.put("skip-flat-threshold", skipFlatThreshold);
        m.put("augment", Map.of("flip-rotate-probability", flipRotateProbability,
                "channel-shuffle-probability", channelShuffleProbability));
        m.put("seed", seed);
        m.put("shard-size", shardSize);
        m.put("validation-images", validationImages);
        m.put("partitions", partitions);
        m.put("max-image-pixels", maxImagePixels);
        return m;
    }

    private static int lcm(List<Integer> values) {
        int l = 1;
        for (int v : values) l = l / gcd(l, v) * v;
        return l;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) throw new Settings.Invalid(PATH + "." + key + " " + message);
    }
}
