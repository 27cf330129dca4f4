package org.rrlfn.jobs.train.run;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.rrlfn.common.UserError;
import org.rrlfn.common.log.Console;
import org.rrlfn.jobs.scoring.PairEvaluation;

/**
 * Where a run stands: finished stages, the stage in progress with its last checkpoint, every round's
 * metrics and each stage's validation. Saved as state-NNNNNN.json, one new file per save, so the newest
 * complete file is always a consistent state to resume from.
 */
public final class RunState {
    /** The state file is this class's fields (their names are the file's keys), read and written without accessors. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .setVisibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final List<String> completed = new ArrayList<>();
    /** Stage in progress (null between stages), rounds it has finished and its newest checkpoint. */
    private String stage;
    private int round;
    private String checkpoint;
    private final List<MetricRow> metrics = new ArrayList<>();
    private final Map<String, Validation> validation = new LinkedHashMap<>();
    private int sequence;

    public static final class MetricRow {
        public String stage;
        public int round;
        public long iteration;
        public double loss;
        /** Learning rate the workers' updater applied at the round's first and last step. */
        public double lr;
        public double lrLast;
        public double patchesPerSecond;
        public double roundSeconds;
        /**
         * The optimizer's step count when the stage began: 0 with a fresh optimizer, the source stage's count when
         * it kept Adam's state (iteration then goes on from there).
         */
        public long stageStart;
        /** PSNR-Y and blockiness of the model the stage validated after this round; NaN where it did not validate. */
        public double valPsnrY = Double.NaN;
        public double valBlockinessY = Double.NaN;

        public MetricRow() { }

        public MetricRow(String stage, int round, long iteration, double loss, double lr, double lrLast, double pps,
                         double seconds, long stageStart) {
            this.stage = stage;
            this.round = round;
            this.iteration = iteration;
            this.loss = loss;
            this.lr = lr;
            this.lrLast = lrLast;
            this.patchesPerSecond = pps;
            this.roundSeconds = seconds;
            this.stageStart = stageStart;
        }
    }

    public static final class Validation {
        public double psnrY;
        public double bicubicPsnrY;
        /** NaN in state files written before blockiness was measured. */
        public double blockinessY = Double.NaN;
        public double bicubicBlockinessY = Double.NaN;
        public int images;
        /**
         * The stage's round the validated model is from (0: its start, before the first round); -1 in state files
         * written before a stage could keep another model than its last.
         */
        public int round = -1;
        /** "ema" or "raw": the weights validated; null in state files written before EMA existed (raw). */
        public String weights;

        public Validation() { }

        public Validation(PairEvaluation.Summary s) {
            this.psnrY = s.psnr();
            this.bicubicPsnrY = s.bicubicPsnr();
            this.blockinessY = s.blockiness();
            this.bicubicBlockinessY = s.bicubicBlockiness();
            this.images = s.images();
        }

        public Validation(PairEvaluation.Summary s, int round, boolean ema) {
            this(s);
            this.round = round;
            this.weights = ema ? "ema" : "raw";
        }
    }

    /** Newest state in the run that reads back completely, or a fresh one if the run has none. */
    public static RunState load(RunStore store) throws IOException {
        List<RunState> states = readable(store);
        return states.isEmpty() ? new RunState() : states.get(0);
    }

    /**
     * Every state file that reads back completely, newest first. A damaged one (truncated, failing its checksum) is
     * reported and skipped; if state files exist but none is intact, the run stops rather than start over.
     */
    public static List<RunState> readable(RunStore store) throws IOException {
        List<String> names = store.list(RunLayout.TOP).stream().filter(n -> RunLayout.stateSequence(n).isPresent())
                .sorted(Comparator.reverseOrder()).toList();
        List<RunState> out = new ArrayList<>();
        List<String> damaged = new ArrayList<>();
        for (String name : names) {
            try {
                out.add(store.read(name, in -> JSON.readValue(in, RunState.class)));
            } catch (IOException | RuntimeException e) {
                damaged.add(name + " (" + RunStore.reason(e) + ")");
                Console.info("train: skipping damaged %s: %s", store.path(name), RunStore.reason(e));
            }
        }
        if (out.isEmpty() && !damaged.isEmpty())
            throw new UserError("no intact state file in " + store.uri() + ": " + String.join("; ", damaged)
                    + "; the run cannot tell where it stands: use a new run folder, or delete its state-*.json files to"
                    + " train every stage again in this one");
        return out;
    }

    /**
     * Writes the next state file and drops all but the previous one; then mirrors the per-round metrics into
     * metrics.csv for people and plotting tools.
     */
    public void save(RunStore store) throws IOException {
        sequence++;
        store.writeAtomically(RunLayout.state(sequence), out -> JSON.writeValue(out, this));
        store.writeAtomically(RunLayout.METRICS, out -> out.write(metricsCsv().getBytes(StandardCharsets.UTF_8)));
        for (String old : store.list(RunLayout.TOP)) {
            OptionalInt n = RunLayout.stateSequence(old);
            if (n.isPresent() && n.getAsInt() < sequence - 1) store.delete(old);
        }
    }

    public List<String> completed() { return Collections.unmodifiableList(completed); }

    public boolean isCompleted(String stageName) { return completed.contains(stageName); }

    /** The save's number, in its file's name. */
    public int sequence() { return sequence; }

    /** The newest checkpoint of the stage in progress (relative to the run), or null. */
    public String checkpoint() { return checkpoint; }

    /** Rounds the stage in progress finished before its newest checkpoint. */
    public int round() { return round; }

    /** Whether stage {@code stageName} is in progress with a checkpoint to continue from. */
    public boolean resumes(String stageName) { return stageName.equals(stage) && checkpoint != null; }

    /** Whether the state names a checkpoint of a stage in progress. */
    public boolean inProgress() { return stage != null && checkpoint != null; }

    /**
     * A stage starts at {@code round} (0: from its beginning): the metrics of its later rounds, lost with a crash or
     * from an earlier attempt, go.
     */
    public void start(String stageName, int fromRound) {
        metrics.removeIf(m -> m.stage.equals(stageName) && m.round > fromRound);
    }

    public void addRound(MetricRow row) { metrics.add(row); }

    /** The stage in progress is saved after {@code rounds} rounds at {@code path}. */
    public void checkpointed(String stageName, int rounds, String path) {
        stage = stageName;
        round = rounds;
        checkpoint = path;
    }

    public void validated(String stageName, Validation v) { validation.put(stageName, v); }

    /** A validation inside stage {@code stageName}, on the row of the round it validated (the start has no row). */
    public void validatedRound(String stageName, Validation v) {
        for (MetricRow r : metrics)
            if (r.stage.equals(stageName) && r.round == v.round) {
                r.valPsnrY = v.psnrY;
                r.valBlockinessY = v.blockinessY;
            }
    }

    /** The stage is finished: no stage is in progress. */
    public void finished(String stageName) {
        completed.add(stageName);
        stage = null;
        round = 0;
        checkpoint = null;
    }

    public List<MetricRow> metrics() { return Collections.unmodifiableList(metrics); }

    /**
     * Each finished stage's validation, in the order they were validated; a run stopped inside a stage by
     * stop-after-steps also has that stage's at the stop (its final one replaces it).
     */
    public Map<String, Validation> validation() { return Collections.unmodifiableMap(validation); }

    /** One line per round; the validation columns are empty where the stage did not validate after the round. */
    public String metricsCsv() {
        StringBuilder b = new StringBuilder("stage,round,iteration,loss,lr,lr_last,patches_per_s,round_s,val_psnr_y,val_blockiness_y\n");
        for (MetricRow r : metrics)
            b.append(String.format(Locale.ROOT, "%s,%d,%d,%.6f,%.3e,%.3e,%.2f,%.3f,%s,%s%n", r.stage, r.round,
                    r.iteration, r.loss, r.lr, r.lrLast, r.patchesPerSecond, r.roundSeconds, csv(r.valPsnrY, 4),
                    csv(r.valBlockinessY, 4)));
        return b.toString();
    }

    private static String csv(double v, int decimals) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    public List<MetricRow> rowsOf(String stageName) {
        return metrics.stream().filter(r -> r.stage.equals(stageName)).toList();
    }
}
