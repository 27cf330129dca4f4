package org.rrlfn.data.prepare;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;

/** {@code rrlfn.prepare}, validated. Serializable: Spark ships it to the executors. */
public record PrepareSettings(String input, String output, boolean overwrite, List<Integer> scales, int subImageSize,
                              int subImageStep, double skipFlatThreshold, int validationImages, int testImages,
                              int partitions,
                              long maxImagePixels, long maxDeclaredPixels, int progressSeconds) implements Serializable {
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
        require(subImageSize > 0 && subImageSize % l == 0, "sub-image-size", "must be a positive multiple of " + l
                + " (every scale in " + scales + "), got " + subImageSize);
        require(subImageStep > 0 && subImageStep % l == 0, "sub-image-step", "must be a positive multiple of " + l
                + " (every scale in " + scales + "), got " + subImageStep);
        require(skipFlatThreshold >= 0, "skip-flat-threshold", "must be >= 0, got " + skipFlatThreshold);
        require(validationImages >= 0, "validation-images", "must be >= 0, got " + validationImages);
        require(testImages >= 0, "test-images", "must be >= 0, got " + testImages);
        require(partitions >= 0, "partitions", "must be >= 0, got " + partitions);
        long minPixels = (long) subImageSize * subImageSize * 4;
        require(maxImagePixels >= minPixels, "max-image-pixels", "must be at least 4 sub-images' worth ("
                + minPixels + "), got " + maxImagePixels);
        require(maxDeclaredPixels >= maxImagePixels, "max-declared-pixels", "must be at least max-image-pixels ("
                + maxImagePixels + "), got " + maxDeclaredPixels);
        require(progressSeconds >= 1, "progress-seconds", "must be >= 1, got " + progressSeconds);
    }

    public static PrepareSettings from(Config config) {
        Config p = config.getConfig(PATH);
        return new PrepareSettings(p.getString("input").trim(), p.getString("output").trim(),
                p.getBoolean("overwrite"), p.getIntList("scales"), p.getInt("sub-image-size"), p.getInt("sub-image-step"),
                p.getDouble("skip-flat-threshold"), p.getInt("validation-images"), p.getInt("test-images"),
                p.getInt("partitions"),
                p.getLong("max-image-pixels"), p.getLong("max-declared-pixels"), p.getInt("progress-seconds"));
    }

    /** Sub-image positions are multiples of this, so every scale's LR sub-image starts on a whole LR pixel. */
    public int alignment() { return lcm(scales); }

    public int maxScale() { return scales.stream().mapToInt(Integer::intValue).max().orElseThrow(); }

    /** The settings as written into the manifest, keyed like the configuration. */
    public Map<String, Object> asConfigMap() {
        Map<String, Object> m = new TreeMap<>();
        m.put("input", input);
        m.put("output", output);
        m.put("scales", scales);
        m.put("sub-image-size", subImageSize);
        m.put("sub-image-step", subImageStep);
        m.put("skip-flat-threshold", skipFlatThreshold);
        m.put("validation-images", validationImages);
        m.put("test-images", testImages);
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
        if (!ok) throw new UserError(PATH + "." + key + " " + message);
    }
}
