package org.rrlfn.jobs.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.rrlfn.common.UserError;

/** The search space: config key → candidate values; trials as grid points or seeded random draws. */
public final class SweepSpace {
    /** Sorted by key: HOCON objects have no order, and the grid's order must not depend on the parser. */
    private final Map<String, List<ConfigValue>> axes = new java.util.TreeMap<>();

    public SweepSpace(Config space) {
        for (Map.Entry<String, ConfigValue> e : space.entrySet()) {
            String key = e.getKey().replace("\"", "");
            if (e.getValue().valueType() != ConfigValueType.LIST || ((ConfigList) e.getValue()).isEmpty())
                throw new UserError(SweepSettings.PATH + ".space." + key + " must be a non-empty list of values");
            axes.put(key, new ArrayList<>((ConfigList) e.getValue()));
        }
        if (axes.isEmpty()) throw new UserError(SweepSettings.PATH + ".space is empty: nothing to search");
    }

    public List<String> keys() { return new ArrayList<>(axes.keySet()); }

    /** Every combination, the alphabetically first key varying slowest. */
    public List<Map<String, ConfigValue>> grid() {
        List<Map<String, ConfigValue>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<ConfigValue>> axis : axes.entrySet()) {
            List<Map<String, ConfigValue>> next = new ArrayList<>();
            for (Map<String, ConfigValue> p : points)
                for (ConfigValue v : axis.getValue()) {
                    Map<String, ConfigValue> q = new LinkedHashMap<>(p);
                    q.put(axis.getKey(), v);
                    next.add(q);
                }
            points = next;
        }
        return points;
    }

    /** {@code n} points, each key's value drawn uniformly from its list with a seeded generator. */
    public List<Map<String, ConfigValue>> random(int n, long seed) {
        Random rnd = new Random(seed);
        List<Map<String, ConfigValue>> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, ConfigValue> p = new LinkedHashMap<>();
            axes.forEach((k, values) -> p.put(k, values.get(rnd.nextInt(values.size()))));
            points.add(p);
        }
        return points;
    }

    /** A point as command-line overrides ({@code key=value}), so trials pass the same validation as users. */
    public static List<String> asOverrides(Map<String, ConfigValue> point) {
        List<String> out = new ArrayList<>();
        point.forEach((k, v) -> out.add(k + "=" + render(v)));
        return out;
    }

    static String render(ConfigValue v) {
        return v.valueType() == ConfigValueType.STRING ? (String) v.unwrapped() : v.render(ConfigRenderOptions.concise());
    }
}
