package org.rrlfn.jobs.eval;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;

/** {@code rrlfn.fuse-eval}, validated. */
public record FuseEvalSettings(String run, String output, List<String> models, List<SetSpec> sets, int maxImages,
                               int repeats, double fusionTolerance, double onnxTolerance, int onnxThreads) {
    public static final String PATH = Settings.ROOT + ".fuse-eval";

    /**
     * An evaluation set; "{scale}" in a folder or file is replaced by the model's scale. lr may be empty (bicubic
     * made); reference, a model zip scored beside ours, may be empty (none).
     */
    public record SetSpec(String name, String hr, String lr, String reference) {
        public String hrFor(int scale) { return at(hr, scale); }
        public String lrFor(int scale) { return lr.isEmpty() ? null : at(lr, scale); }
        public String referenceFor(int scale) { return reference.isEmpty() ? null : at(reference, scale); }

        private static String at(String template, int scale) { return template.replace("{scale}", String.valueOf(scale)); }
    }

    private static final List<String> SET_KEYS = List.of("name", "hr", "lr", "reference");

    public static FuseEvalSettings from(Config root) {
        Config c = root.getConfig(PATH);
        List<SetSpec> sets = new ArrayList<>();
        List<? extends Config> list = c.getConfigList("sets");
        for (int i = 0; i < list.size(); i++) {
            Config s = list.get(i);
            for (String k : s.root().keySet())
                if (!SET_KEYS.contains(k))
                    throw new UserError("unknown key '" + k + "' in " + PATH + ".sets[" + i + "]; a set takes " + SET_KEYS);
            try {
                sets.add(new SetSpec(s.getString("name"), s.getString("hr"), optional(s, "lr"), optional(s, "reference")));
            } catch (ConfigException e) {
                throw new UserError(PATH + ".sets[" + i + "]: " + e.getMessage());
            }
        }
        if (sets.isEmpty()) throw new UserError(PATH + ".sets is empty: nothing to evaluate on");
        int repeats = c.getInt("repeats");
        if (repeats < 1) throw new UserError(PATH + ".repeats must be positive, got " + repeats);
        for (String key : List.of("run", "output"))
            if (c.getString(key).isBlank()) throw new UserError(PATH + "." + key + " is empty: it must name a folder");
        return new FuseEvalSettings(c.getString("run"), c.getString("output"), c.getStringList("models"), sets,
                c.getInt("max-images"), repeats, c.getDouble("fusion-tolerance"), c.getDouble("onnx-tolerance"),
                c.getInt("onnx-threads"));
    }

    private static String optional(Config set, String key) {
        return set.hasPath(key) ? set.getString(key) : "";
    }
}
