package org.rrlfn.common.config;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rrlfn.common.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * A {@link Command}'s picocli command line, built from its declaration (no second list of options): {@code --config
 * FILE} (repeatable), its {@code --name} shortcuts, {@code key=value} overrides and positional words, each handed in
 * command-line order to a {@link Settings.Request}; {@code -h}/{@code --help} prints the options and every
 * configuration key of the sections the command reads, with its reference.conf default and comment.
 */
public final class CommandLines {
    static final String CONFIG_KEYS = "configurationKeys";

    private CommandLines() { }

    /** The command's picocli model; what a parse matches goes to {@code request}. */
    public static CommandSpec spec(Command c, Settings.Request request) {
        CommandSpec spec = CommandSpec.create().name(c.name());
        spec.parser().separator(" ").expandAtFiles(false).overwrittenOptionsAllowed(true);
        spec.usageMessage().description(escape(c.description())).width(120).sortOptions(false);
        spec.addOption(OptionSpec.builder("--config").paramLabel("FILE").arity("1").type(String.class)
                .description("a HOCON configuration file; repeatable, later files win over earlier ones")
                .setter(setter(v -> request.configFile((String) v))).build());
        ConfigObject reference = ConfigFactory.defaultReferenceUnresolved().root();
        c.options().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(o -> {
            String option = "--" + o.getKey(), key = o.getValue();
            boolean flag = key.contains("=");
            OptionSpec.Builder b = OptionSpec.builder(option).description(escape(optionHelp(key, reference)));
            if (flag) b.arity("0").type(boolean.class)
                    .setter(setter(v -> { if (Boolean.TRUE.equals(v)) request.option(option, key, null); }));
            else b.arity("1").type(String.class).paramLabel(label(key))
                    .setter(setter(v -> request.option(option, key, (String) v)));
            spec.addOption(b.build());
        });
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("print this help and exit").build());
        spec.addPositional(PositionalParamSpec.builder().index("0..*").arity("0..*").type(String[].class)
                .paramLabel(c.positional().isEmpty() ? "key=value" : "key=value | " + c.positional())
                .description("key=value: set a configuration key (the rrlfn. prefix may be left out); the value is taken"
                        + " as a string, or as HOCON when it starts with [ or {" + (c.positional().isEmpty() ? ""
                        : "; anything else: " + c.positional()))
                .parameterConsumer((args, argSpec, commandSpec) -> request.word(args.pop())).build());
        if (!c.sections().isEmpty()) {
            List<String> sections = new ArrayList<>(spec.usageMessage().sectionKeys());
            sections.add(CONFIG_KEYS);
            spec.usageMessage().sectionKeys(sections);
            // Rendered only when help is printed, not on every parse (Main builds every command's spec).
            spec.usageMessage().sectionMap().put(CONFIG_KEYS, help -> configurationKeys(c.sections(), reference));
        }
        return spec;
    }

    /** Parses {@code args} with the command's picocli model, then loads and validates the settings. */
    public static Settings.Loaded parse(Command c, List<String> args) {
        Settings.Request request = new Settings.Request();
        try {
            new CommandLine(spec(c, request)).parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new UserError(message(e));
        }
        return c.load(request);
    }

    /** A parse error of a command's arguments in rrlfn's words, with the nearest option where one is close. */
    public static String message(ParameterException e) {
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        List<String> options = spec.options().stream().map(OptionSpec::longestName).toList();
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().get(0);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            return "unknown option " + arg + Suggest.nearest(name, options).map(o -> "; did you mean " + o + "?").orElse("")
                    + "; this command takes " + String.join(", ", options) + " and key=value";
        }
        if (e instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()
                && m.getMissing().get(0) instanceof OptionSpec o) {
            return o.longestName() + " needs a value";
        }
        return e.getMessage();
    }

    /**
     * Every key of these sections with its reference.conf default and comment (Typesafe Config keeps the comments
     * in each value's origin), in file order.
     */
    static String configurationKeys(List<String> sections, ConfigObject reference) {
        StringBuilder out = new StringBuilder(System.lineSeparator() + "Configuration keys it reads (reference.conf"
                + " defaults; set them in a --config file or as key=value):" + System.lineSeparator());
        for (String section : sections) {
            ConfigValue v = find(reference, section);
            if (v == null) throw new IllegalStateException("no configuration section " + section + " in reference.conf");
            describe(section, v, out);
        }
        return out.toString();
    }

    private static void describe(String path, ConfigValue v, StringBuilder out) {
        if (v instanceof ConfigObject o && !o.isEmpty() && !Settings.isFreeForm(v)) {
            comments(v, "  # ", out);
            o.entrySet().stream().sorted(Comparator.comparingInt(e -> e.getValue().origin().lineNumber()))
                    .forEach(e -> describe(path + "." + quoted(e.getKey()), e.getValue(), out));
            return;
        }
        out.append("  ").append(path).append(" = ").append(v.render(ConfigRenderOptions.concise().setJson(false)))
                .append(System.lineSeparator());
        comments(v, "      # ", out);
    }

    private static void comments(ConfigValue v, String prefix, StringBuilder out) {
        for (String line : v.origin().comments()) out.append(prefix).append(line.strip()).append(System.lineSeparator());
    }

    private static ConfigValue find(ConfigObject root, String path) {
        ConfigValue v = root;
        for (String part : path.split("\\.")) {
            if (!(v instanceof ConfigObject o) || !o.containsKey(part)) return null;
            v = o.get(part);
        }
        return v;
    }

    /** An option's help line: its key's reference.conf comment, the key and its default. */
    private static String optionHelp(String key, ConfigObject reference) {
        String k = key.contains("=") ? key.substring(0, key.indexOf('=')) : key;
        ConfigValue v = find(reference, k);
        String comment = v == null ? "" : String.join(" ", v.origin().comments().stream().map(String::strip).toList()) + " ";
        return comment + "(" + (key.contains("=") ? "sets " + key : k + (v == null ? ""
                : ", default " + v.render(ConfigRenderOptions.concise().setJson(false)))) + ")";
    }

    private static String label(String key) {
        return key.substring(key.lastIndexOf('.') + 1).toUpperCase(Locale.ROOT).replace('-', '_');
    }

    static String quoted(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : "\"" + key + "\"";
    }

    /** picocli formats descriptions with String.format. */
    private static String escape(String s) {
        return s.replace("%", "%%");
    }

    private interface ValueSink {
        void accept(Object value);
    }

    /** Hands each value picocli matches to {@code sink}, in command-line order; the initial null is not a value. */
    private static ISetter setter(ValueSink sink) {
        return new ISetter() {
            @Override
            public <T> T set(T value) {
                if (value != null) sink.accept(value);
                return null;
            }
        };
    }
}
