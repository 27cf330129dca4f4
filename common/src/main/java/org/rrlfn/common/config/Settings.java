package org.rrlfn.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rrlfn.common.UserError;

/**
 * Loads the project's configuration: every module's {@code reference.conf}, then {@code --config FILE}s, then
 * {@code key=value} overrides and option shortcuts (later ones win), and validates the result under {@value #ROOT}
 * against the reference: an unknown key or a value of the wrong type stops the program with one message naming the
 * key and where it came from, before anything (Spark included) starts. The command line itself is parsed by
 * {@link CommandLines} (picocli) from a {@link Command}'s declaration, into a {@link Request}.
 */
public final class Settings {
    public static final String ROOT = "rrlfn";

    private Settings() { }

    /**
     * The parsed command line: configuration plus whatever positional arguments remain.
     *
     * @param layers   what the command line itself set (files and overrides, unresolved), for {@link #under}
     * @param warnings what the user should know about the configuration though nothing stops: keys outside
     *                 {@value #ROOT} that a --config file brings (they are ignored)
     */
    public record Loaded(Config config, List<String> positional, Config layers, List<String> warnings) {
        /**
         * The configuration with {@code defaults} (a profile file) layered between the reference and the command
         * line, as if it were the first {@code --config}: every key the user set wins over it.
         */
        public Config under(Config defaults) {
            Config c = layers.withFallback(defaults).withFallback(ConfigFactory.defaultReferenceUnresolved()).resolve();
            validate(c, ConfigFactory.defaultReference());
            return c;
        }
    }

    /**
     * What one command line asks for, in the order given: configuration files, keys set by {@code key=value} or by
     * an option shortcut, and positional words; {@link #load()} turns it into the configuration.
     */
    public static final class Request {
        private final List<String> files = new ArrayList<>();
        private final List<String[]> overrides = new ArrayList<>();     // key, value, origin
        private final List<String> positional = new ArrayList<>();

        /** {@code --config FILE}. */
        public void configFile(String path) {
            files.add(path);
        }

        /** {@code --name value} for an option mapped to {@code key}, or {@code --name} for one mapped to key=value. */
        public void option(String option, String key, String value) {
            if (key.contains("=")) set(key.substring(0, key.indexOf('=')), key.substring(key.indexOf('=') + 1), "option " + option);
            else set(key, value, "option " + option);
        }

        /** A word that is not an option: {@code key=value} (key with or without the root prefix) or positional. */
        public void word(String a) {
            if (a.contains("=") && !a.startsWith("=")) {
                int eq = a.indexOf('=');
                set(qualify(a.substring(0, eq).trim()), a.substring(eq + 1), "argument " + a);
            } else {
                positional.add(a);
            }
        }

        private void set(String key, String value, String origin) {
            overrides.add(new String[]{key, value, origin});
        }

        public Loaded load() {
            Config merged = ConfigFactory.empty();
            for (String[] o : overrides) merged = override(merged, o[0], o[1], o[2]);
            List<String> warnings = new ArrayList<>();
            for (int i = files.size() - 1; i >= 0; i--) {
                Config file = parseFile(files.get(i));
                List<String> outside = new ArrayList<>();
                outsideRoot(file.root(), List.of(), outside);
                if (!outside.isEmpty())
                    warnings.add("--config " + files.get(i) + " sets " + outside.size() + " keys outside " + ROOT
                            + ", which rrlfn ignores (an include of another program's file?): "
                            + String.join(", ", outside.subList(0, Math.min(8, outside.size())))
                            + (outside.size() > 8 ? ", …" : ""));
                merged = merged.withFallback(file);
            }
            java.util.Collections.reverse(warnings);      // in the order the files were given
            // Merged onto the unresolved reference and resolved once, so substitutions written in a reference.conf
            // (fuse-eval.run = ${rrlfn.train.run}) follow the user's values; defaultReference() is resolved already.
            Config resolved;
            try {
                resolved = merged.withFallback(ConfigFactory.defaultReferenceUnresolved()).resolve();
            } catch (ConfigException e) {   // an unset ${VAR}, a substitution loop: the message names file and line
                throw new UserError(e.getMessage().replace('\n', ' '));
            }
            validate(resolved, ConfigFactory.defaultReference());
            return new Loaded(resolved, List.copyOf(positional), merged, List.copyOf(warnings));
        }
    }

    /** The paths of the values below {@code o} (at {@code prefix}) that lie outside {@value #ROOT}, in file order. */
    private static void outsideRoot(ConfigObject o, List<String> prefix, List<String> out) {
        o.entrySet().stream().sorted(java.util.Comparator.comparingInt(e -> e.getValue().origin().lineNumber()))
                .forEach(e -> {
                    if (prefix.isEmpty() && e.getKey().equals(ROOT)) return;
                    List<String> path = new ArrayList<>(prefix);
                    path.add(e.getKey());
                    if (e.getValue() instanceof ConfigObject child && !child.isEmpty()) outsideRoot(child, path, out);
                    else out.add(ConfigUtil.joinPath(path));
                });
    }

    /**
     * @param args    command-line arguments after the command name
     * @param options command-specific {@code --name value} aliases, e.g. {@code "scale" -> "rrlfn.model.scale"}; an
     *                alias to {@code key=value} is a flag that takes no value
     */
    public static Loaded load(List<String> args, Map<String, String> options) {
        return CommandLines.parse(new Command("", "", options, List.of(), "ARG...", (loaded, out) -> { }), args);
    }

    /**
     * {@code base} (a loaded configuration) with {@code values} set, keys with or without the {@value #ROOT} prefix,
     * validated as the same keys given as {@code key=value} would be: how one command hands another typed settings.
     *
     * @param origin names where the values come from in error messages
     */
    public static Config with(Config base, Map<String, ?> values, String origin) {
        Config c = base;
        for (Map.Entry<String, ?> e : values.entrySet()) {
            ConfigValue v = e.getValue() instanceof ConfigValue cv ? cv : ConfigValueFactory.fromAnyRef(e.getValue(), origin);
            c = set(c, qualify(e.getKey()), v, origin);
        }
        validate(c, ConfigFactory.defaultReference());
        return c;
    }

    public static Config defaults() {
        return ConfigFactory.defaultReference().resolve();
    }

    /** Keys may be given with or without the {@value #ROOT} prefix. */
    static String qualify(String key) {
        return key.startsWith(ROOT + ".") ? key : ROOT + "." + key;
    }

    private static Config parseFile(String path) {
        File f = new File(path);
        if (!f.isFile()) throw new UserError("--config " + path + ": no such file");
        try {
            return ConfigFactory.parseFile(f, ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new UserError("--config " + path + ": " + e.getMessage());
        }
    }

    /** HOCON for lists and objects; anything else is taken as a string (so hdfs://… needs no quoting). */
    private static Config override(Config base, String key, String value, String origin) {
        ConfigValue v;
        String t = value.trim();
        if (t.startsWith("[") || t.startsWith("{")) {
            try {
                v = ConfigFactory.parseString("v = " + t).getValue("v");
            } catch (ConfigException e) {
                throw new UserError(origin + ": cannot parse value of " + key + ": " + e.getMessage());
            }
        } else {
            v = ConfigValueFactory.fromAnyRef(value, origin);
        }
        return set(base, key, v, origin);
    }

    /** {@code base} with {@code v} at {@code key}; an object value is merged over the one there, as in a file. */
    private static Config set(Config base, String key, ConfigValue v, String origin) {
        try {
            return ConfigFactory.empty(origin).withValue(key, v).withFallback(base);
        } catch (ConfigException.BadPath e) {
            throw new UserError(origin + ": '" + key + "' is not a valid key");
        }
    }

    /** Every key under the root must exist in the reference, with a compatible type. */
    static void validate(Config merged, Config reference) {
        if (!merged.hasPath(ROOT)) return;
        checkObject(merged.getObject(ROOT), reference.hasPath(ROOT) ? reference.getObject(ROOT) : null, ROOT, merged,
                reference);
    }

    private static void checkObject(ConfigObject actual, ConfigObject ref, String path, Config merged, Config reference) {
        for (Map.Entry<String, ConfigValue> e : actual.entrySet()) {
            String key = path + "." + e.getKey();
            ConfigValue refValue = ref == null ? null : ref.get(e.getKey());
            if (refValue == null) {
                throw new UserError("unknown configuration key '" + key + "' (" + e.getValue().origin().description()
                        + ")" + Suggest.closest(key, ref, path, reference));
            }
            if (refValue.valueType() == ConfigValueType.OBJECT && !isFreeForm(refValue)) {
                if (e.getValue().valueType() != ConfigValueType.OBJECT)
                    throw new UserError("configuration key '" + key + "' must be an object (" + e.getValue().origin().description() + ")");
                checkObject((ConfigObject) e.getValue(), (ConfigObject) refValue, key, merged, reference);
            } else {
                checkType(merged, key, refValue);
            }
        }
    }

    /** Objects whose reference carries "free-form" in its comment take any keys (e.g. a sweep's grid). */
    static boolean isFreeForm(ConfigValue refValue) {
        return refValue.origin().comments().stream().anyMatch(c -> c.contains("free-form"));
    }

    private static void checkType(Config merged, String key, ConfigValue ref) {
        try {
            switch (ref.valueType()) {
                case NUMBER -> {
                    double n = merged.getDouble(key);
                    // Typesafe's getInt truncates 4.5 to 4; an integer key must hold an integral value.
                    if (integral(ref) && n != Math.rint(n)) throw new ConfigException.WrongType(merged.origin(), key);
                }
                case BOOLEAN -> merged.getBoolean(key);
                case STRING -> merged.getString(key);
                case LIST -> merged.getList(key);
                case OBJECT -> merged.getObject(key);
                default -> { }
            }
        } catch (ConfigException.WrongType | ConfigException.Null e) {
            ConfigValue actual = merged.getValue(key);
            throw new UserError("configuration key '" + key + "' must be " + describe(ref) + ", got "
                    + actual.render() + " (" + actual.origin().description() + ")");
        }
    }

    /**
     * Whether a reference number is an integer key. Typesafe parses "1.0" as the integer 1 (a double equal to a long
     * becomes one, its text forgotten), so where the reference is a file, the line that set it decides: a value
     * written with a decimal point or an exponent is a number key (flip-rotate-probability = 1.0, ema-decay = 0.0).
     */
    private static boolean integral(ConfigValue ref) {
        if (ref.unwrapped() instanceof Double) return false;
        String line = REFERENCE_LINES.computeIfAbsent(ref.origin().url() + "#" + ref.origin().lineNumber(),
                k -> referenceLine(ref.origin()));
        return !line.matches("[^=:]*[=:]\\s*[-+]?([0-9]*\\.[0-9]+|[0-9]+\\.?[0-9]*[eE][-+]?[0-9]+)\\s*(#.*)?");
    }

    private static final Map<String, String> REFERENCE_LINES = new java.util.concurrent.ConcurrentHashMap<>();

    /** The reference's line that set a value; "" where it was not a file (a string, a command-line argument). */
    private static String referenceLine(com.typesafe.config.ConfigOrigin origin) {
        if (origin.url() == null || origin.lineNumber() < 1) return "";
        try (java.io.InputStream in = origin.url().openStream()) {
            List<String> lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            return origin.lineNumber() <= lines.size() ? lines.get(origin.lineNumber() - 1).trim() : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static String describe(ConfigValue ref) {
        return switch (ref.valueType()) {
            case NUMBER -> integral(ref) ? "an integer" : "a number";
            case BOOLEAN -> "true or false";
            case STRING -> "a string";
            case LIST -> "a list";
            default -> "an object";
        };
    }
}
