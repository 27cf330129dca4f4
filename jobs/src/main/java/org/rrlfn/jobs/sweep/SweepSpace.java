package org.rrlfn.jobs.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.rrlfn.common.UserError;

/**
 * The search space: config key → candidate values (a list) or, for random search, a distribution
 * ({@code {uniform = [lo, hi]}}, {@code {log-uniform = [lo, hi]}}, {@code {choice = [...]}}); trials as grid points or
 * seeded random draws.
 */
public final class SweepSpace {
    private static final Set<String> DISTRIBUTIONS = Set.of("uniform", "log-uniform", "choice");

    /** How one key's values are drawn. */
    private sealed interface Axis permits Choice, Range { }

    /** One of the listed values, equally likely. */
    private record Choice(List<ConfigValue> values) implements Axis { }

    /**
     * A value in [lo, hi], uniform in the value or in its logarithm; integer bounds draw integers (so integer keys such
     * as channels can be ranges).
     */
    private record Range(double lo, double hi, boolean log, boolean integers) implements Axis {
        ConfigValue draw(Random rnd) {
            double u = rnd.nextDouble();
            if (!log) return integers ? number(lo + Math.floor(u * (hi - lo + 1))) : number(lo + u * (hi - lo));
            double v = Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo)));
            return integers ? number(Math.min(hi, Math.round(v))) : number(v);
        }

        private ConfigValue number(double v) {
            return ConfigValueFactory.fromAnyRef(integers ? (Object) (long) v : (Object) v, "sweep draw");
        }
    }

    /** Sorted by key: HOCON objects have no order, and the grid's order must not depend on the parser. */
    private final Map<String, Axis> axes = new java.util.TreeMap<>();

    public SweepSpace(Config space) {
        read(space.root(), "");
        if (axes.isEmpty()) throw new UserError(SweepSettings.PATH + ".space is empty: nothing to search");
    }

    /** Keys may be quoted ({@code "rrlfn.model.channels" = [...]}) or nested; an object with one distribution key is one. */
    private void read(ConfigObject object, String prefix) {
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            ConfigValue v = e.getValue();
            if (v.valueType() == ConfigValueType.LIST) axes.put(key, new Choice(values(key, v)));
            else if (v.valueType() == ConfigValueType.OBJECT && ((ConfigObject) v).size() == 1
                    && DISTRIBUTIONS.contains(((ConfigObject) v).keySet().iterator().next()))
                axes.put(key, distribution(key, (ConfigObject) v));
            else if (v.valueType() == ConfigValueType.OBJECT) read((ConfigObject) v, key);
            else throw new UserError(SweepSettings.PATH + ".space." + key + " must be a non-empty list of values or a"
                        + " distribution ({uniform = [lo, hi]}, {log-uniform = [lo, hi]} or {choice = [...]})");
        }
    }

    private static List<ConfigValue> values(String key, ConfigValue v) {
        if (v.valueType() != ConfigValueType.LIST || ((ConfigList) v).isEmpty())
            throw new UserError(SweepSettings.PATH + ".space." + key + " must be a non-empty list of values");
        return new ArrayList<>((ConfigList) v);
    }

    private static Axis distribution(String key, ConfigObject o) {
        String kind = o.keySet().iterator().next();
        String where = SweepSettings.PATH + ".space." + key + "." + kind;
        List<ConfigValue> v = values(key + "." + kind, o.get(kind));
        if (kind.equals("choice")) return new Choice(v);
        if (v.size() != 2 || v.stream().anyMatch(x -> x.valueType() != ConfigValueType.NUMBER))
            throw new UserError(where + " must be [lo, hi], two numbers");
        Number lo = (Number) v.get(0).unwrapped(), hi = (Number) v.get(1).unwrapped();
        boolean log = kind.equals("log-uniform");
        if (!(lo.doubleValue() < hi.doubleValue()) || (log && lo.doubleValue() <= 0))
            throw new UserError(where + " must have lo < hi" + (log ? " and lo > 0" : "") + ", got [" + lo + ", " + hi + "]");
        boolean integers = isInteger(lo) && isInteger(hi);
        return new Range(lo.doubleValue(), hi.doubleValue(), log, integers);
    }

    private static boolean isInteger(Number n) {
        return n instanceof Integer || n instanceof Long;
    }

    public List<String> keys() { return new ArrayList<>(axes.keySet()); }

    /** Every combination, the alphabetically first key varying slowest; only lists have one. */
    public List<Map<String, ConfigValue>> grid() {
        List<Map<String, ConfigValue>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, Axis> axis : axes.entrySet()) {
            if (!(axis.getValue() instanceof Choice c))
                throw new UserError(SweepSettings.PATH + ".space." + axis.getKey() + " is a range: mode = grid needs"
                        + " lists (or choice) of values; use mode = random");
            List<Map<String, ConfigValue>> next = new ArrayList<>();
            for (Map<String, ConfigValue> p : points)
                for (ConfigValue v : c.values()) {
                    Map<String, ConfigValue> q = new LinkedHashMap<>(p);
                    q.put(axis.getKey(), v);
                    next.add(q);
                }
            points = next;
        }
        return points;
    }

    /** {@code n} points, each key's value drawn from its list or distribution with one seeded generator. */
    public List<Map<String, ConfigValue>> random(int n, long seed) {
        Random rnd = new Random(seed);
        List<Map<String, ConfigValue>> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, ConfigValue> p = new LinkedHashMap<>();
            axes.forEach((k, axis) -> p.put(k, axis instanceof Choice c ? c.values().get(rnd.nextInt(c.values().size()))
                    : ((Range) axis).draw(rnd)));
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
