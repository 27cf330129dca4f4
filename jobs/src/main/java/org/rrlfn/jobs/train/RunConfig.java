package org.rrlfn.jobs.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.log.Console;

/**
 * The configuration a run trains with, as the run folder records it ({@value #FILE}): every key under
 * {@code rrlfn.model} and {@code rrlfn.train} that changes what is trained, values in a canonical form (5e-4 and
 * 0.0005 are one value), each stage of the schedule on its own (stages may be appended to a run, not changed). A resume compares it with the command's configuration and stops on any difference, unless
 * forced; a forced change is logged and appended to {@value #HISTORY}. Architecture keys cannot be forced: the
 * run's checkpoints have the recorded shapes.
 */
public final class RunConfig {
    public static final String FILE = "run-config.json";
    public static final String HISTORY = "config-history.log";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String MODEL = Settings.ROOT + ".model";
    private static final String STAGES = TrainSettings.PATH + ".stages";
    /**
     * How a run is carried out, not what it trains: free to change between resumes. The data folder's name is one of
     * them ("/p/" and "file:///p" are one folder); what is in it is checked by {@link DataIdentity}.
     */
    private static final Set<String> OPERATIONAL = Set.of("run", "data", "averaging", "prefetch", "repartition", "storage-level",
            "checkpoint-every-rounds", "collect-stats", "validation-images", "force-config-change")
            .stream().map(k -> TrainSettings.PATH + "." + k).collect(Collectors.toSet());

    private RunConfig() { }

    /** The training-relevant keys of a resolved configuration, canonically rendered. */
    public static Map<String, String> of(Config root) {
        Map<String, String> out = new TreeMap<>();
        for (String tree : List.of(MODEL, TrainSettings.PATH))
            for (Map.Entry<String, ConfigValue> e : root.getConfig(tree).entrySet()) {
                String key = tree + "." + e.getKey();
                if (OPERATIONAL.contains(key)) continue;
                if (key.equals(STAGES)) {
                    List<?> stages = (List<?>) e.getValue().unwrapped();
                    for (int i = 0; i < stages.size(); i++) out.put(STAGES + "[" + i + "]", canonical(stages.get(i)));
                } else {
                    out.put(key, canonical(e.getValue().unwrapped()));
                }
            }
        return out;
    }

    /**
     * Records {@code now} in a new run, or checks it against the recorded configuration of a run being resumed.
     * @param started whether the run has trained before (a run from before this file existed is recorded as is)
     */
    static void check(RunStore store, Map<String, String> now, boolean force, boolean started) throws IOException {
        if (!store.exists(FILE)) {
            if (started) Console.info("train: %s predates %s; recording the current configuration without a check",
                    store.uri(), FILE);
            write(store, now);
            return;
        }
        Map<String, String> recorded = store.read(FILE, in -> JSON.readValue(in, new TypeReference<TreeMap<String, String>>() { }));
        List<String> changes = differences(recorded, now);
        if (changes.isEmpty()) {
            if (!recorded.equals(now)) {
                Console.info("train: stages appended to the schedule of %s; recorded", store.uri());
                write(store, now);
            }
            return;
        }
        String list = String.join("\n  ", changes);
        boolean architecture = changes.stream().anyMatch(c -> c.startsWith(MODEL + "."));
        if (architecture)
            throw new UserError("the run " + store.uri() + " was trained with another network (its checkpoints"
                    + " have the recorded shapes; even --force-config-change cannot change them); start a new run folder."
                    + " Differences (run's value -> now):\n  " + list);
        if (!force)
            throw new UserError("the run " + store.uri() + " was started with another configuration; resuming it"
                    + " would mix two. Differences (run's value -> now):\n  " + list + "\nUse the run's values, a new"
                    + " run folder, or --force-config-change to continue with the new ones (recorded in " + HISTORY + ")");
        Console.info("train: --force-config-change: continuing %s with\n  %s", store.uri(), list);
        String old = store.exists(HISTORY) ? store.read(HISTORY, in -> new String(in.readAllBytes(), StandardCharsets.UTF_8)) : "";
        String entry = Instant.now() + " forced configuration change:\n  " + list + "\n";
        store.writeAtomically(HISTORY, out -> out.write((old + entry).getBytes(StandardCharsets.UTF_8)));
        write(store, now);
    }

    static List<String> differences(Map<String, String> recorded, Map<String, String> now) {
        Set<String> keys = new TreeSet<>(recorded.keySet());
        keys.addAll(now.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            String a = recorded.get(k), b = now.get(k);
            if (a == null && k.startsWith(STAGES + "[")) continue;    // a stage appended to the schedule
            if (a == null || !a.equals(b)) out.add(k + ": " + (a == null ? "(not set)" : a) + " -> " + (b == null ? "(not set)" : b));
        }
        return out;
    }

    private static void write(RunStore store, Map<String, String> now) throws IOException {
        store.writeAtomically(FILE, out -> JSON.writeValue(out, now));
    }

    /**
     * Numbers by value (5e-4 = 0.0005 = 5.0E-4; a command-line value arrives as a string, the configuration converts
     * it), lists and objects element by element.
     */
    static String canonical(Object v) {
        if (v instanceof Number || v instanceof String t && t.matches("[-+]?[0-9.]+([eE][-+]?[0-9]+)?")) {
            try {
                return new BigDecimal(v.toString().trim()).stripTrailingZeros().toPlainString();
            } catch (NumberFormatException notANumber) {
                return v.toString();
            }
        }
        if (v instanceof List<?> l) return l.stream().map(RunConfig::canonical).collect(Collectors.joining(", ", "[", "]"));
        if (v instanceof Map<?, ?> m) return new TreeMap<>(m).entrySet().stream()
                .map(e -> e.getKey() + "=" + canonical(e.getValue())).collect(Collectors.joining(", ", "{", "}"));
        return String.valueOf(v);
    }
}
