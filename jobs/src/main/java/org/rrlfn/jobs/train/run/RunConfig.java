package org.rrlfn.jobs.train.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.log.Console;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.config.TrainSettings;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.losses.LossConfig;

/**
 * What a run trains, as the run folder records it ({@value RunLayout#RUN_CONFIG}): the typed training settings flattened to
 * configuration-style keys (the architecture under {@code rrlfn.model}, each stage's fields as
 * {@code rrlfn.train.stages[i].field}), values in a canonical form (5e-4 and 0.0005 are one value). How a run is
 * carried out (averaging path, prefetch, checkpoint interval, the RepConvs as branches or one merged kernel, ...) is
 * not part of it, nor is the data folder's name
 * ("/p/" and "file:///p" are one folder): what is in it is checked by {@link DataIdentity}. A resume compares it with the
 * command's settings and stops on any difference, unless forced; a forced change is logged and appended to
 * {@value RunLayout#CONFIG_HISTORY}. Architecture keys cannot be forced: the run's checkpoints have the recorded shapes.
 * A key the run did not record (one a later version added) compares equal to its current default; stages may be
 * appended to a run, not changed.
 */
public final class RunConfig {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String MODEL = Settings.ROOT + ".model";
    private static final String STAGES = TrainSettings.PATH + ".stages";
    private static final Pattern STAGE_KEY = Pattern.compile(Pattern.quote(STAGES) + "\\[(\\d+)](\\..+)?");
    /** Stage fields a stage may leave out: their default is stage-defaults'. */
    private static final Set<String> OPTIONAL_STAGE_FIELDS =
            Set.of("iterations", "reset-optimizer", "lr", "lr-halving-period", "warmup-iterations", "loss", "ema-decay",
                    "raw-weights", "validate-every-rounds", "keep");
    /** Stage fields whose default is the run's key of the same name. */
    private static final Set<String> RUN_DEFAULTED_STAGE_FIELDS = Set.of("hr-patch", "batch-size");
    private static Map<String, String> defaults;

    private RunConfig() { }

    /** The identity of a run with these settings. */
    public static Map<String, String> of(TrainSettings s) {
        Map<String, String> out = new TreeMap<>();
        RrlfnConfig a = s.architecture();
        put(out, MODEL + ".channels", a.channels());
        put(out, MODEL + ".blocks", a.blocks());
        put(out, MODEL + ".esa-channels", a.esaChannels());
        put(out, MODEL + ".activation", a.activation() == RrlfnConfig.Activation.RELU ? "relu" : "lrelu");
        put(out, MODEL + ".negative-slope", a.negativeSlope());
        String t = TrainSettings.PATH + ".";
        put(out, t + "seed", s.seed());
        put(out, t + "workers", s.workers());
        put(out, t + "batch-size", s.batchSize());
        put(out, t + "hr-patch", s.sampling().hrPatch());
        put(out, t + "sampling.flip-rotate-probability", s.sampling().flipRotateProbability());
        put(out, t + "sampling.channel-shuffle-probability", s.sampling().channelShuffleProbability());
        put(out, t + "averaging-frequency", s.averagingFrequency());
        put(out, t + "sync", s.sync().key);
        put(out, t + "initialisation", s.initialisation());
        LossConfig loss = s.stages().get(0).loss();
        put(out, t + "contrastive.lambdas", Arrays.stream(loss.lambdas()).boxed().toList());
        put(out, t + "contrastive.extractor-channels", Arrays.stream(loss.extractorChannels()).boxed().toList());
        put(out, t + "contrastive.seed", loss.extractorSeed());
        for (int i = 0; i < s.stages().size(); i++) {
            Stage st = s.stages().get(i);
            String k = STAGES + "[" + i + "].";
            put(out, k + "name", st.name());
            put(out, k + "scale", st.scale());
            put(out, k + "init", st.init());
            put(out, k + "reset-optimizer", st.resetOptimizer());
            put(out, k + "iterations", st.iterations());
            put(out, k + "lr", st.lr());
            put(out, k + "lr-halving-period", st.lrHalvingPeriod());
            put(out, k + "warmup-iterations", st.warmupIterations());
            put(out, k + "loss", st.loss().contrastive()
                    ? st.loss().type() + ", weight " + canonical(st.loss().weight()) : st.loss().type());
            // What the stage keeps is what it hands on: the EMA, and (with keep = best) which rounds are candidates.
            put(out, k + "ema-decay", st.selection().emaDecay());
            put(out, k + "raw-weights", st.selection().rawWeights());
            put(out, k + "validate-every-rounds", st.selection().validateEveryRounds());
            put(out, k + "keep", st.selection().keep().toString());
            put(out, k + "hr-patch", st.hrPatch());
            put(out, k + "batch-size", st.batchSize());
        }
        return out;
    }

    private static void put(Map<String, String> out, String key, Object value) {
        out.put(key, canonical(value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof List<?> ? value : String.valueOf(value)));
    }

    /**
     * What a key the run did not record stands for: its value in the reference configuration (for a stage's optional
     * field, stage-defaults'; for a stage's crop, the run's recorded one); null for a key that has no default (a
     * stage's name, scale, init).
     */
    static String defaultOf(String key, Map<String, String> recorded) {
        synchronized (RunConfig.class) {
            if (defaults == null) defaults = of(TrainSettings.from(Settings.defaults()));
        }
        Matcher m = STAGE_KEY.matcher(key);
        if (!m.matches()) return defaults.get(key);
        String field = m.group(2) == null ? "" : m.group(2).substring(1);
        if (RUN_DEFAULTED_STAGE_FIELDS.contains(field)) return recorded.get(TrainSettings.PATH + "." + field);
        return OPTIONAL_STAGE_FIELDS.contains(field) ? defaults.get(STAGES + "[0]." + field) : null;
    }

    /**
     * Records {@code now} in a new run, or checks it against the recorded configuration of a run being resumed whose
     * {@code finished} stages are done. A finished stage's keys cannot be forced either: the run would record them and
     * train nothing (more training of a finished stage is a stage appended with {@code init} = its name).
     */
    public static void check(RunStore store, Map<String, String> now, boolean force, List<String> finished) throws IOException {
        if (!store.exists(RunLayout.RUN_CONFIG)) {
            write(store, now);
            return;
        }
        Map<String, String> recorded;
        try {
            recorded = store.read(RunLayout.RUN_CONFIG, in -> JSON.readValue(in, new TypeReference<TreeMap<String, String>>() { }));
        } catch (IOException | RuntimeException e) {
            // Left as it is: it is what says which configuration the run's checkpoints were trained with.
            throw new UserError(store.path(RunLayout.RUN_CONFIG) + " does not read back (" + RunStore.reason(e) + "): the run's"
                    + " recorded configuration is damaged; restore it (a JSON object of the run's keys) or use a new run folder");
        }
        List<String> changes = differences(recorded, now);
        if (changes.isEmpty()) {
            if (!recorded.equals(now)) {
                Console.info("train: stages appended to %s, or keys it did not record at their defaults; recorded",
                        store.uri());
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
                    + " run folder, or --force-config-change to continue with the new ones (recorded in " + RunLayout.CONFIG_HISTORY + ")");
        for (String stage : finished) {
            List<String> done = changes.stream().filter(c -> {
                Matcher m = STAGE_KEY.matcher(c.substring(0, c.indexOf(": ")));
                return m.matches() && stage.equals(recorded.get(STAGES + "[" + m.group(1) + "].name"));
            }).toList();
            if (!done.isEmpty())
                throw new UserError("stage " + stage + " is finished in the run " + store.uri() + ", so a change to it"
                        + " would be recorded and train nothing (even with --force-config-change): " + String.join("; ", done)
                        + ". To train it further, append a stage with init = " + stage + " (and reset-optimizer = false"
                        + " to keep Adam's state); otherwise start a new run folder");
        }
        Console.info("train: --force-config-change: continuing %s with\n  %s", store.uri(), list);
        String old = store.exists(RunLayout.CONFIG_HISTORY) ? store.read(RunLayout.CONFIG_HISTORY, in -> new String(in.readAllBytes(), StandardCharsets.UTF_8)) : "";
        String entry = Instant.now() + " forced configuration change:\n  " + list + "\n";
        store.writeAtomically(RunLayout.CONFIG_HISTORY, out -> out.write((old + entry).getBytes(StandardCharsets.UTF_8)));
        write(store, now);
    }

    static List<String> differences(Map<String, String> recorded, Map<String, String> now) {
        int recordedStages = 0;
        for (String k : recorded.keySet()) {
            Matcher m = STAGE_KEY.matcher(k);
            if (m.matches()) recordedStages = Math.max(recordedStages, Integer.parseInt(m.group(1)) + 1);
        }
        Set<String> keys = new TreeSet<>(recorded.keySet());
        keys.addAll(now.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            String a = recorded.get(k), b = now.get(k);
            Matcher stage = STAGE_KEY.matcher(k);
            if (a == null && stage.matches() && Integer.parseInt(stage.group(1)) >= recordedStages) continue;  // appended
            if (b == null && !stage.matches()) continue;     // a key this version no longer has
            if (a == null) {
                String d = defaultOf(k, recorded);
                if (d != null && d.equals(b)) continue;      // added by a later version; the run had its default
                out.add(k + ": (not recorded" + (d == null ? "" : "; default " + d) + ") -> " + b);
            } else if (!a.equals(b)) {
                out.add(k + ": " + a + " -> " + (b == null ? "(not set)" : b));
            }
        }
        return out;
    }

    private static void write(RunStore store, Map<String, String> now) throws IOException {
        store.writeAtomically(RunLayout.RUN_CONFIG, out -> JSON.writeValue(out, now));
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
