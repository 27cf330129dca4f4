package org.rrlfn.jobs.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rrlfn.common.UserError;
import org.rrlfn.common.log.Console;
import org.rrlfn.jobs.scoring.PairEvaluation;

/**
 * Where a run stands: finished stages, the stage in progress with its last checkpoint, every round's
 * metrics and each stage's validation. Saved as state-NNNNNN.json, one new file per save, so the newest
 * complete file is always a consistent state to resume from.
 */
public final class RunState {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Pattern FILE = Pattern.compile("state-(\\d{6})\\.json");

    public List<String> completed = new ArrayList<>();
    /** Stage in progress (null between stages), rounds it has finished and its newest checkpoint. */
    public String stage;
    public int round;
    public String checkpoint;
    public List<MetricRow> metrics = new ArrayList<>();
    public Map<String, Validation> validation = new LinkedHashMap<>();
    public int sequence;

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

        public Validation() { }

        public Validation(PairEvaluation.Summary s) {
            this.psnrY = s.psnr();
            this.bicubicPsnrY = s.bicubicPsnr();
            this.blockinessY = s.blockiness();
            this.bicubicBlockinessY = s.bicubicBlockiness();
            this.images = s.images();
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
        List<String> names = store.list("").stream().filter(n -> FILE.matcher(n).matches())
                .sorted(java.util.Comparator.reverseOrder()).toList();
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

    public static final String METRICS_CSV = "metrics.csv";

    /**
     * Writes the next state file and drops all but the previous one; then mirrors the per-round metrics into
     * metrics.csv for people and plotting tools.
     */
    public void save(RunStore store) throws IOException {
        sequence++;
        String name = String.format("state-%06d.json", sequence);
        store.writeAtomically(name, out -> JSON.writeValue(out, this));
        store.writeAtomically(METRICS_CSV, out -> out.write(metricsCsv().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        for (String old : store.list("")) {
            Matcher m = FILE.matcher(old);
            if (m.matches() && Integer.parseInt(m.group(1)) < sequence - 1) store.delete(old);
        }
    }

    public String metricsCsv() {
        StringBuilder b = new StringBuilder("stage,round,iteration,loss,lr,lr_last,patches_per_s,round_s\n");
        for (MetricRow r : metrics)
            b.append(String.format(java.util.Locale.ROOT, "%s,%d,%d,%.6f,%.3e,%.3e,%.2f,%.3f%n", r.stage, r.round,
                    r.iteration, r.loss, r.lr, r.lrLast, r.patchesPerSecond, r.roundSeconds));
        return b.toString();
    }

    public List<MetricRow> rowsOf(String stageName) {
        return metrics.stream().filter(r -> r.stage.equals(stageName)).toList();
    }
}
