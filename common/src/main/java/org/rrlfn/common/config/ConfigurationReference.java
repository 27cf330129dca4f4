package org.rrlfn.common.config;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.rrlfn.common.UserError;

/**
 * Every configuration key as Markdown tables (key, default, comment), one table a section, written from the
 * reference.conf files on the class path, so the documentation of the keys cannot drift from them:
 * {@code rrlfn config-reference docs/configuration.md} rewrites that file below its {@link #MARKER} line and keeps
 * what is above it; without a file it prints the tables.
 */
public final class ConfigurationReference {
    /** The line after which a documentation file holds the generated tables. */
    public static final String MARKER = "<!-- Generated below this line by: bin/rrlfn config-reference docs/configuration.md -->";

    public static final Command COMMAND = new Command("config-reference",
            "every configuration key with its default and comment, as Markdown (FILE: rewrite it below its marker line)",
            Map.of(), List.of(), "[FILE]", (loaded, out) -> run(loaded.positional(), out));

    private ConfigurationReference() { }

    private static void run(List<String> positional, PrintStream out) {
        if (positional.size() > 1) throw new UserError("config-reference takes at most one FILE, got " + positional);
        String tables = markdown(ConfigFactory.defaultReferenceUnresolved().root());
        if (positional.isEmpty()) {
            out.print(tables);
            return;
        }
        Path file = Path.of(positional.get(0));
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError(file + ": cannot be read (" + e.getMessage() + ")");
        }
        int at = text.indexOf(MARKER);
        if (at < 0) throw new UserError(file + ": has no line " + MARKER + " to write below");
        write(file, text.substring(0, at + MARKER.length()) + "\n\n" + tables);
        out.println("wrote the key reference into " + file);
    }

    /** The reference's sections under {@value Settings#ROOT}, each a heading, its comment and a table of its keys. */
    public static String markdown(ConfigObject reference) {
        ConfigObject root = (ConfigObject) reference.get(Settings.ROOT);
        StringBuilder out = new StringBuilder();
        // By name: the sections come from several modules' reference.conf (merged into one in the uber jar).
        root.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> section(Settings.ROOT + "." + e.getKey(), e.getValue(), out));
        return out.toString();
    }

    private static void section(String path, ConfigValue v, StringBuilder out) {
        out.append("### `").append(path).append("`\n\n");
        String comment = joined(v);
        if (!comment.isEmpty()) out.append(comment).append("\n\n");
        out.append("| key | default | what it is |\n|---|---|---|\n");
        rows(path, v, out);
        out.append('\n');
    }

    private static void rows(String path, ConfigValue v, StringBuilder out) {
        if (v instanceof ConfigObject o && !o.isEmpty() && !Settings.isFreeForm(v)) {
            o.entrySet().stream().sorted(Comparator.comparingInt(e -> e.getValue().origin().lineNumber()))
                    .forEach(e -> rows(path + "." + CommandLines.quoted(e.getKey()), e.getValue(), out));
            return;
        }
        String value = v.render(ConfigRenderOptions.concise().setJson(false));
        if (v instanceof ConfigObject) value = "{" + value + "}";   // an object renders without its braces
        out.append("| `").append(path).append("` | `").append(cell(value)).append("` | ")
                .append(cell(joined(v))).append(" |\n");
    }

    /** A value's reference.conf comment lines as one paragraph. */
    private static String joined(ConfigValue v) {
        return String.join(" ", v.origin().comments().stream().map(String::strip).filter(l -> !l.isEmpty()).toList());
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private static void write(Path file, String text) {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UserError(file + ": cannot be written (" + e.getMessage() + ")");
        }
    }
}
