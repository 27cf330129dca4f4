package org.rrlfn.jobs.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a run stands, as its state files record it: the file format runs already have, and the stage transitions. */
class RunStateTest {
    /** A state file as an earlier version wrote it (before blockiness and the stages' step offset were recorded). */
    private static final String EARLIER = """
            {
              "completed" : [ "x2-run1" ],
              "stage" : "x2-run2",
              "round" : 2,
              "checkpoint" : "stages/x2-run2/ckpt-r2.zip",
              "metrics" : [ {
                "stage" : "x2-run1", "round" : 1, "iteration" : 5, "loss" : 0.05, "lr" : 0.001, "lrLast" : 0.001,
                "patchesPerSecond" : 11.2, "roundSeconds" : 14.2
              }, {
                "stage" : "x2-run2", "round" : 1, "iteration" : 5, "loss" : 0.04, "lr" : 0.001, "lrLast" : 0.001,
                "patchesPerSecond" : 20.1, "roundSeconds" : 7.9
              }, {
                "stage" : "x2-run2", "round" : 2, "iteration" : 10, "loss" : 0.03, "lr" : 0.001, "lrLast" : 0.001,
                "patchesPerSecond" : 22.8, "roundSeconds" : 7.0
              }, {
                "stage" : "x2-run2", "round" : 3, "iteration" : 15, "loss" : 0.02, "lr" : 0.001, "lrLast" : 0.001,
                "patchesPerSecond" : 24.7, "roundSeconds" : 6.4
              } ],
              "validation" : { "x2-run1" : { "psnrY" : 40.5, "bicubicPsnrY" : 41.4, "images" : 2 } },
              "sequence" : 7
            }
            """;

    @TempDir File dir;

    @Test
    void aStateFileOfAnEarlierVersionResumesWhereItStood() throws Exception {
        Files.writeString(new File(dir, RunLayout.state(7)).toPath(), EARLIER, StandardCharsets.UTF_8);
        RunState s = RunState.load(new RunStore(dir.toURI().toString(), new Configuration()));
        assertEquals(List.of("x2-run1"), s.completed());
        assertTrue(s.isCompleted("x2-run1") && !s.isCompleted("x2-run2"));
        assertTrue(s.resumes("x2-run2") && !s.resumes("x2-run1"));
        assertEquals(2, s.round());
        assertEquals(RunLayout.checkpoint("x2-run2", 2), s.checkpoint());
        assertEquals(7, s.sequence());
        assertEquals(4, s.metrics().size());
        assertEquals(40.5, s.validation().get("x2-run1").psnrY);
        assertTrue(Double.isNaN(s.validation().get("x2-run1").blockinessY), "not measured then");
        assertEquals(-1, s.validation().get("x2-run1").round, "a stage kept its last model then; which round, unrecorded");
        assertTrue(s.metrics().stream().allMatch(r -> Double.isNaN(r.valPsnrY)), "no validation inside a stage then");
        assertTrue(s.metricsCsv().lines().skip(1).allMatch(l -> l.endsWith(",,")), s.metricsCsv());

        // The resumed stage goes on after round 2: round 3, trained after the checkpoint and lost, goes.
        s.start("x2-run2", s.round());
        assertEquals(List.of(1, 2), rounds(s, "x2-run2"));
        s.start("x2-run2", 0);
        assertEquals(List.of(), rounds(s, "x2-run2"), "a stage started over drops all its rounds");
        assertEquals(List.of(1), rounds(s, "x2-run1"), "another stage's rounds stay");
    }

    @Test
    void savesKeepTheFileFormatAndThePreviousStateAsTheFallback() throws Exception {
        RunStore store = new RunStore(dir.toURI().toString(), new Configuration());
        RunState s = new RunState();
        s.addRound(new RunState.MetricRow("a", 1, 4, 0.5, 1e-3, 1e-3, 10, 1, 0));
        s.addRound(new RunState.MetricRow("a", 2, 8, 0.4, 1e-3, 1e-3, 10, 1, 0));
        s.validatedRound("a", TrainingCurvesTest.validation(2, 39.87654));
        s.checkpointed("a", 1, RunLayout.checkpoint("a", 1));
        s.save(store);
        s.validated("a", new RunState.Validation());
        s.finished("a");
        s.save(store);
        s.save(store);

        Set<String> files = Set.of(dir.list());
        assertTrue(files.containsAll(Set.of(RunLayout.state(2), RunLayout.state(3), RunLayout.METRICS)), files.toString());
        assertFalse(files.contains(RunLayout.state(1)), "only the newest two state files stay");
        JsonNode json = new ObjectMapper().readTree(new File(dir, RunLayout.state(3)));
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("completed", "stage", "round", "checkpoint", "metrics", "validation", "sequence"), keys,
                "the keys earlier runs' files have, and no more");
        assertTrue(json.get("stage").isNull() && json.get("checkpoint").isNull() && json.get("round").asInt() == 0,
                "no stage in progress once it finished: " + json);

        RunState back = RunState.readable(store).get(0);
        assertEquals(List.of("a"), back.completed());
        assertFalse(back.resumes("a"));
        assertEquals(3, back.sequence());
        assertEquals(Set.of("a"), back.validation().keySet());
        assertEquals(s.metricsCsv(), Files.readString(new File(dir, RunLayout.METRICS).toPath()));
        assertEquals(List.of("stage,round,iteration,loss,lr,lr_last,patches_per_s,round_s,val_psnr_y,val_blockiness_y",
                        "a,1,4,0.500000,1.000e-03,1.000e-03,10.00,1.000,,",
                        "a,2,8,0.400000,1.000e-03,1.000e-03,10.00,1.000,39.8765,1.2500"),
                s.metricsCsv().lines().toList(), "validation columns filled where the stage validated after the round");
        assertEquals(39.87654, back.metrics().get(1).valPsnrY, "and back from the state file");
    }

    private static List<Integer> rounds(RunState s, String stage) {
        return s.rowsOf(stage).stream().map(r -> r.round).toList();
    }
}
