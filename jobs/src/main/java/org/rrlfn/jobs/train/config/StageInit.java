package org.rrlfn.jobs.train.config;

import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.rrlfn.common.UserError;

/**
 * Where a stage starts ({@code init}): from scratch, from the previous stage, from a named earlier stage, or from a
 * DL4J model zip (any Hadoop file system URI; e.g. one written by {@code rrlfn import}). Every spelling is read here:
 * {@code scratch}, {@code previous}, an earlier stage's name, a path or URI ending in {@code .zip}, or the explicit
 * {@code { stage = NAME }} / {@code { model = URI }}. A name wins over the {@code .zip} reading, so a stage named
 * {@code x.zip} can be referenced.
 */
public sealed interface StageInit extends Serializable {
    StageInit SCRATCH = new Scratch();
    StageInit PREVIOUS = new Previous();

    record Scratch() implements StageInit {
        @Override public String toString() { return "scratch"; }
    }

    record Previous() implements StageInit {
        @Override public String toString() { return "previous"; }
    }

    /** The final model of the earlier stage of that name. */
    record FromStage(String name) implements StageInit {
        @Override public String toString() { return name; }
    }

    /** A model zip; its optimizer state, if any, is not used. */
    record ModelFile(String uri) implements StageInit {
        @Override public String toString() { return uri; }
    }

    /**
     * The init a stage's configuration names.
     * @param earlier names of the stages before this one
     * @param where the key, for the message of a {@link UserError}
     */
    static StageInit parse(ConfigValue value, Set<String> earlier, String where) {
        if (value.valueType() == ConfigValueType.OBJECT) {
            Map<?, ?> m = (Map<?, ?>) value.unwrapped();
            if (m.size() == 1 && m.get("stage") instanceof String name) return fromStage(name, earlier, where);
            if (m.size() == 1 && m.get("model") instanceof String uri && !uri.isBlank()) return new ModelFile(uri.trim());
            throw new UserError(where + " must be { stage = NAME } or { model = URI }, got " + value.render());
        }
        String v = String.valueOf(value.unwrapped()).trim();
        if (v.equals("scratch")) return SCRATCH;
        if (v.equals("previous")) {
            if (earlier.isEmpty()) throw new UserError(where + " is 'previous' but it is the first stage");
            return PREVIOUS;
        }
        if (earlier.contains(v)) return new FromStage(v);
        if (v.toLowerCase(Locale.ROOT).endsWith(".zip")) return new ModelFile(v);
        throw new UserError(where + " must be scratch, previous, an earlier stage's name or a model zip (a path or URI"
                + " ending in .zip, or { model = URI }), got '" + v + "'");
    }

    private static StageInit fromStage(String name, Set<String> earlier, String where) {
        if (!earlier.contains(name)) throw new UserError(where + " names '" + name + "', which is no earlier stage");
        return new FromStage(name);
    }
}
