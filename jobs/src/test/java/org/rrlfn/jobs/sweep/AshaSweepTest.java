package org.rrlfn.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.UserError;

/**
 * The ASHA sweep driver with a deterministic stand-in for training (AshaTest's score curves): the decisions it records,
 * trials finishing out of order on two slots, and resuming after a kill at any point of the record.
 */
class AshaSweepTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;

    /** Six points, trial t's seed t: the stand-in reads the configuration only through the trial index. */
    private static final List<Map<String, ConfigValue>> POINTS = points(AshaTest.BASE.length);

    private static List<Map<String, ConfigValue>> points(int n) {
        List<Map<String, ConfigValue>> p = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            Map<String, ConfigValue> m = new LinkedHashMap<>();
            m.put("rrlfn.train.seed", ConfigValueFactory.fromAnyRef(t));
            p.add(m);
        }
        return p;
    }

    /** PSNR base[t] + log2(steps / 10): rung k (10·2^k steps) scores base[t] + k, as in AshaTest. */
    private static class Curves implements TrialRunner {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public RungResult train(int trial, long steps) throws IOException {
            calls.add(trial + "@" + steps);
            return new RungResult(AshaTest.BASE[trial] + Math.log(steps / 10.0) / Math.log(2), 27, 1);
        }
    }

    private List<Trial> sweep(Path out, int concurrent, TrialRunner runner) throws IOException {
        return AshaSweep.run(out, 10, 2, 40, POINTS, concurrent, runner);
    }

    /** The record's events in AshaTest.EXAMPLE's words (decisions "run t@k", results "reach t@k"). */
    @SuppressWarnings("unchecked")
    private static List<String> events(Path out) throws IOException {
        List<String> lines = Files.readAllLines(out.resolve(AshaLog.FILE));
        List<String> e = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            Map<String, Object> m = JSON.readValue(l, Map.class);
            e.add(m.containsKey("run") ? "run " + m.get("run") + "@" + m.get("rung") : "reach " + m.get("result") + "@" + m.get("rung"));
        }
        return e;
    }

    /**
     * Two slots, results arriving in the hand-worked example's order: each stand-in call returns only once the results
     * before it in that order are in the record, so trial 1 finishes rung 0 while trial 0 (started first) still runs.
     */
    @Test
    void twoSlotsWithTrialsFinishingOutOfOrderDecideAsWorkedByHand() throws Exception {
        List<String> example = AshaTest.EXAMPLE.stream().map(String::valueOf).filter(e -> !e.equals("wait") && !e.equals("done")).toList();
        List<String> order = example.stream().filter(e -> e.startsWith("reach")).map(e -> e.substring(6)).toList();
        Path out = dir.resolve("async");
        Files.createDirectories(out);
        Curves curves = new Curves();
        TrialRunner conducted = (trial, steps) -> {
            String me = trial + "@" + (int) Math.round(Math.log(steps / 10.0) / Math.log(2));
            int turn = order.indexOf(me);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (recordedResults(out) < turn) {
                if (System.nanoTime() > deadline) throw new IllegalStateException(me + " never got its turn");
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
            }
            return curves.train(trial, steps);
        };
        List<Trial> trials = sweep(out, 2, conducted);
        assertEquals(example, events(out));
        assertEquals(List.of("trial-004", "trial-001", "trial-002", "trial-000", "trial-003", "trial-005"),
                trials.stream().map(Trial::id).toList(), "furthest rung first, then PSNR");
        assertEquals(List.of(33.0, 34.0, 35.0), trials.get(0).rungPsnr());
        assertEquals(List.of(false, false, true, true, true, true), trials.stream().map(Trial::stopped).toList());
        assertEquals(1, trials.get(2).rung(), "trial 2 stopped at rung 1");
    }

    private static long recordedResults(Path out) throws IOException {
        Path f = out.resolve(AshaLog.FILE);
        if (!Files.isRegularFile(f)) return 0;
        return Files.readAllLines(f).stream().filter(l -> l.contains("\"result\"")).count();
    }

    /**
     * A kill after any record line (a decision taken but its trial not trained, or a result in but the next decision
     * not taken): the same sweep re-run continues the trial that was training first and ends with the record of a sweep
     * never killed.
     */
    @Test
    void aSweepKilledBetweenAnyTwoRecordsResumesToTheSameDecisions() throws Exception {
        Path whole = dir.resolve("whole");
        Files.createDirectories(whole);
        sweep(whole, 1, new Curves());
        List<String> record = Files.readAllLines(whole.resolve(AshaLog.FILE));
        for (int cut = 1; cut < record.size(); cut++) {
            Path out = dir.resolve("cut-" + cut);
            Files.createDirectories(out);
            Files.write(out.resolve(AshaLog.FILE), record.subList(0, cut + 1));
            Curves resumed = new Curves();
            sweep(out, 1, resumed);
            assertEquals(record, Files.readAllLines(out.resolve(AshaLog.FILE)), "killed after line " + (cut + 1));
            String last = record.get(cut);
            if (last.contains("\"run\"")) {
                Map<?, ?> m = JSON.readValue(last, Map.class);
                long steps = 10L << ((Number) m.get("rung")).intValue();
                assertEquals(m.get("run") + "@" + steps, resumed.calls.get(0), "the interrupted trial goes first");
            }
        }
    }

    /** A kill by the training itself (the runner throws) leaves the decision recorded; the re-run trains it first. */
    @Test
    void aTrialKilledWhileTrainingIsContinuedFirst() throws Exception {
        Path out = dir.resolve("killed");
        Files.createDirectories(out);
        Curves curves = new Curves();
        TrialRunner dies = (trial, steps) -> {
            if (curves.calls.size() == 4) throw new IllegalStateException("killed");
            return curves.train(trial, steps);
        };
        assertThrows(IllegalStateException.class, () -> sweep(out, 1, dies));
        List<String> before = events(out);
        assertEquals("run 3@0", before.get(before.size() - 1), "decided, not trained");
        Curves again = new Curves();
        sweep(out, 1, again);
        assertEquals("3@10", again.calls.get(0));
    }

    @Test
    void aChangedSchedulerSettingOrSpaceIsRefused() throws Exception {
        Path out = dir.resolve("changed");
        Files.createDirectories(out);
        sweep(out, 2, new Curves());
        UserError eta = assertThrows(UserError.class, () -> AshaSweep.run(out, 10, 3, 40, POINTS, 2, new Curves()));
        assertTrue(eta.getMessage().contains("reduction-factor 2 (now 3)") && eta.getMessage().contains(AshaLog.FILE),
                eta.getMessage());
        List<Map<String, ConfigValue>> other = points(6);
        other.get(2).put("rrlfn.train.seed", ConfigValueFactory.fromAnyRef(9));
        UserError space = assertThrows(UserError.class, () -> AshaSweep.run(out, 10, 2, 40, other, 2, new Curves()));
        assertTrue(space.getMessage().contains("trial 2 [rrlfn.train.seed=2] (now [rrlfn.train.seed=9])"), space.getMessage());
    }

    /** An emptied record is damaged, not another sweep's: the message says what it is. */
    @Test
    void anEmptyRecordIsCalledDamagedNotAnotherSweeps() throws Exception {
        Path out = dir.resolve("emptied");
        Files.createDirectories(out);
        Files.writeString(out.resolve(AshaLog.FILE), "");
        UserError e = assertThrows(UserError.class, () -> sweep(out, 1, new Curves()));
        assertTrue(e.getMessage().contains(AshaLog.FILE + " is empty") && e.getMessage().contains("damaged")
                && !e.getMessage().contains("another space"), e.getMessage());
    }

    @Test
    void trialsOfASweepWithoutTheSchedulerAreNotTakenForRungs() throws Exception {
        Path out = dir.resolve("plain");
        Files.createDirectories(out.resolve("trial-000/run"));
        UserError e = assertThrows(UserError.class, () -> sweep(out, 1, new Curves()));
        assertTrue(e.getMessage().contains("holds trials of a sweep without the ASHA scheduler"), e.getMessage());
    }
}
