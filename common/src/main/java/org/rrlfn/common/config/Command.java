package org.rrlfn.common.config;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.rrlfn.common.UserError;

/**
 * One rrlfn command, declared once: from this {@link CommandLines} builds its picocli command line (parsing,
 * {@code --help} with the configuration keys it reads), and {@code org.rrlfn.jobs.Main} lists it.
 *
 * @param name        what follows {@code rrlfn}
 * @param description one line for {@code rrlfn --help}
 * @param options     {@code --name} shortcuts to configuration keys ({@code "scale" -> "rrlfn.model.scale"}); a
 *                    shortcut to {@code key=value} is a flag that takes no value
 * @param sections    the configuration sections it reads ({@code "rrlfn.train"}), shown with their keys in its help
 * @param positional  its positional parameters for the synopsis ({@code "IN OUT"}), "" for none
 * @param action      what it does with the loaded, validated settings, printing its results to {@code out}
 */
public record Command(String name, String description, Map<String, String> options, List<String> sections,
                      String positional, Action action) {

    /** A command's work; user mistakes are {@link org.rrlfn.common.UserError}s. */
    @FunctionalInterface
    public interface Action {
        void run(Settings.Loaded settings, PrintStream out);
    }

    /** Parses {@code args} (those after the command name), loads and validates the settings, then runs. */
    public void run(List<String> args, PrintStream out) {
        action.run(CommandLines.parse(this, args), out);
    }

    /** The settings a parsed command line asks for; a command without positional parameters takes no other words. */
    public Settings.Loaded load(Settings.Request request) {
        Settings.Loaded loaded = request.load();
        if (positional.isEmpty() && !loaded.positional().isEmpty())
            throw new UserError(name + " takes no positional arguments, got " + loaded.positional() + " (its options: "
                    + String.join(", ", options.keySet().stream().sorted().map(o -> "--" + o).toList())
                    + "; key=value sets a configuration key)");
        return loaded;
    }
}
