package org.rrlfn.jobs.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rrlfn.common.UserError;
import org.rrlfn.common.files.LocalFiles;

/**
 * The ASHA scheduler's record in the sweep folder, {@value #FILE}: a first line naming the scheduler settings and
 * every trial's overrides, then one line per event in the order it happened — a decision (trial sent to a rung) or a
 * result (trial reached the rung, with its validation PSNR). Lines are only ever added, and each addition rewrites the
 * file under a temporary name then renames it, so a kill leaves either the old record or the new one. Re-opened, the
 * record is replayed into a fresh {@link Asha}: each recorded decision must be the one it takes again, and trials
 * decided but without a result are the ones to continue first.
 */
final class AshaLog {
    static final String FILE = "asha-log.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final List<String> lines = new ArrayList<>();
    /** Trial → what it measured at each rung it reached, rung 0 first. */
    private final Map<Integer, List<TrialRunner.RungResult>> results = new TreeMap<>();

    private AshaLog(Path file) {
        this.file = file;
    }

    /** The scheduler settings and trials that a record belongs to: a re-run must bring the same. */
    static Map<String, Object> identity(long minSteps, int eta, List<Long> rungSteps, List<List<String>> trials) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("scheduler", "asha");
        h.put("min-steps", minSteps);
        h.put("reduction-factor", eta);
        h.put("rung-steps", rungSteps);
        h.put("trials", trials);
        return h;
    }

    /**
     * The record in {@code dir}, replayed into {@code asha}, or a new one; a record of other settings or trials, or
     * trials without a record, stop the sweep naming what differs.
     */
    static AshaLog open(Path dir, Map<String, Object> identity, Asha asha) throws IOException {
        AshaLog log = new AshaLog(dir.resolve(FILE));
        if (!Files.isRegularFile(log.file)) {
            // Trials trained without the scheduler would enter rung 0 with their whole schedule's PSNR.
            if (Files.exists(dir.resolve("trial-000")))
                throw new UserError(SweepSettings.PATH + ".output " + dir + " holds trials of a sweep without the ASHA"
                        + " scheduler (no " + FILE + "): choose another folder");
            log.append(identity);
            return log;
        }
        List<String> recorded = Files.readAllLines(log.file, StandardCharsets.UTF_8);
        if (recorded.isEmpty())
            throw new UserError(log.file + " is empty: the ASHA record is damaged (it is only ever replaced whole, so"
                    + " something else emptied it) and the sweep cannot tell which trials reached which rung; restore"
                    + " it or choose another folder");
        List<String> d = differences(log.parse(recorded.get(0), 1), identity);
        if (!d.isEmpty())
            throw new UserError(SweepSettings.PATH + ".output " + dir + " holds an ASHA sweep of another space or"
                    + " scheduler setting (" + log.file.getFileName() + "): " + String.join(", ", d) + "; run the same"
                    + " sweep or choose another folder");
        log.lines.add(recorded.get(0));
        for (int i = 1; i < recorded.size(); i++) {
            log.lines.add(recorded.get(i));
            log.replay(log.parse(recorded.get(i), i + 1), asha, i + 1);
        }
        return log;
    }

    private void replay(Map<String, Object> event, Asha asha, int line) {
        int rung = ((Number) event.get("rung")).intValue();
        if (event.containsKey("run")) {
            Asha.Run recorded = new Asha.Run(((Number) event.get("run")).intValue(), rung);
            Asha.Decision again = asha.next();
            if (!again.equals(recorded))
                throw new UserError(file + " line " + line + ": recorded " + recorded + " but the scheduler now decides "
                        + again + ": the record does not belong to this sweep; choose another folder");
        } else {
            TrialRunner.RungResult r = new TrialRunner.RungResult(number(event, "psnr"), number(event, "bicubic"),
                    number(event, "seconds"));
            int trial = ((Number) event.get("result")).intValue();
            asha.report(trial, rung, r.psnr());
            results.computeIfAbsent(trial, t -> new ArrayList<>()).add(r);
        }
    }

    private static double number(Map<String, Object> event, String key) {
        return ((Number) event.get(key)).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(String line, int number) {
        try {
            return JSON.readValue(line, Map.class);
        } catch (JsonProcessingException e) {
            throw new UserError(file + " line " + number + " is not a JSON record (" + e.getOriginalMessage()
                    + "): the sweep cannot tell where its scheduler stands; choose another folder");
        }
    }

    /** Each identity entry that differs, as "key recorded (now value)"; trials by their first differing index. */
    private static List<String> differences(Map<String, Object> recorded, Map<String, Object> now) throws JsonProcessingException {
        List<String> d = new ArrayList<>();
        for (Map.Entry<String, Object> e : now.entrySet()) {
            String was = JSON.writeValueAsString(recorded.get(e.getKey())), is = JSON.writeValueAsString(e.getValue());
            if (was.equals(is)) continue;
            if (e.getKey().equals("trials") && recorded.get("trials") instanceof List<?> r) {
                List<?> n = (List<?>) e.getValue();
                int k = 0;
                while (k < Math.min(r.size(), n.size()) && JSON.valueToTree(r.get(k)).equals(JSON.valueToTree(n.get(k)))) k++;
                d.add(k < Math.min(r.size(), n.size()) ? "trial " + k + " " + r.get(k) + " (now " + n.get(k) + ")"
                        : r.size() + " trials (now " + n.size() + ")");
            } else {
                d.add(e.getKey() + " " + was + " (now " + is + ")");
            }
        }
        return d;
    }

    /** A decision, recorded before the trial starts training towards it. */
    void decided(Asha.Run run) throws IOException {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("run", run.trial());
        e.put("rung", run.rung());
        append(e);
    }

    /** A trial reached a rung. */
    void reached(int trial, int rung, TrialRunner.RungResult r) throws IOException {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("result", trial);
        e.put("rung", rung);
        e.put("psnr", r.psnr());
        e.put("bicubic", r.bicubicPsnr());
        e.put("seconds", r.seconds());
        append(e);
        results.computeIfAbsent(trial, t -> new ArrayList<>()).add(r);
    }

    /** Each started trial's results per rung reached. */
    Map<Integer, List<TrialRunner.RungResult>> results() { return results; }

    private void append(Map<String, Object> event) throws IOException {
        lines.add(JSON.writeValueAsString(event));
        LocalFiles.writeString(file, String.join("\n", lines) + "\n");
    }
}
