package org.rrlfn.jobs.train.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rrlfn.jobs.train.model.ModelInitTest.maxDiff;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rrlfn.common.config.Settings;
import org.rrlfn.jobs.LocalSpark;
import org.rrlfn.jobs.SyntheticSubImages;
import org.rrlfn.jobs.train.StageTrainer;
import org.rrlfn.jobs.train.TrainJob;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.config.TrainSettings;
import org.rrlfn.jobs.train.run.RunLayout;
import org.rrlfn.jobs.train.run.RunState;
import org.rrlfn.model.dl4j.RrlfnModels;

/**
 * A stage's EMA and choice of model on real Spark (local[2], two workers, the configured averaging path): the EMA
 * after k rounds is the formula applied to the averaged parameters each round ended with; a run stopped mid-stage
 * and resumed ends with the EMA of an uninterrupted one; keep = best ends a stage whose validation peaks in the middle
 * with the middle model.
 */
class ModelKeeperTest {
    @TempDir File dir;

    private static TrainSettings settings(File data, File run, String stages, String... more) {
        List<String> args = new ArrayList<>(List.of("train.data=" + data.getPath(), "train.run=" + run.getPath(),
                "model.channels=8", "model.blocks=1", "model.esa-channels=4", "train.batch-size=8", "train.hr-patch=32",
                "train.averaging-frequency=2", "train.checkpoint-every-rounds=1", "train.validation-images=0",
                "train.stages=" + stages));
        args.addAll(List.of(more));
        return TrainSettings.from(Settings.load(args, Map.of()).config());
    }

    /**
     * Expected EMA computed here, independently, from the parameters the driver held after each round: start at the
     * initial weights, then ema = d^H·ema + (1 − d^H)·params once a round (d = 0.9, H = 2 steps a round).
     */
    @Test
    void afterKRoundsTheEmaIsTheFormulaOverTheAveragedParametersOfEachRound() throws Exception {
        File data = new File(dir, "data");
        SyntheticSubImages.write(data, new int[]{2}, 16, 48, 3);
        TrainSettings s = settings(data, new File(dir, "run"),
                "[{name = a, scale = 2, init = scratch, iterations = 8, lr = 3e-3, ema-decay = 0.9}]");
        Stage stage = s.stages().get(0);
        ComputationGraph net = ModelInit.fresh(s.architecture(), stage, s.seed());
        float[] start = net.params().toFloatVector();
        List<float[]> averaged = new ArrayList<>();
        try (JavaSparkContext sc = LocalSpark.start("ema-rounds")) {
            ModelKeeper keeper = new ModelKeeper(stage, s.averagingFrequency(), net.params(), 0, null, null);
            try (StageTrainer rounds = new StageTrainer(sc, s, new RunState(), 0, stage, net, 0,
                    TrainJob.trainingSet(s, stage, sc.hadoopConfiguration()), keeper)) {
                while (rounds.hasNextRound()) {
                    rounds.round();
                    averaged.add(net.params().toFloatVector());
                }
                double d = 0.9 * 0.9;
                double[] expected = new double[start.length];
                for (int i = 0; i < start.length; i++) expected[i] = start[i];
                for (float[] p : averaged)
                    for (int i = 0; i < p.length; i++) expected[i] = d * expected[i] + (1 - d) * p[i];
                double[] ema = keeper.saved().ema();
                double worst = 0, fromLast = 0;
                for (int i = 0; i < ema.length; i++) {
                    worst = Math.max(worst, Math.abs(ema[i] - expected[i]));
                    fromLast = Math.max(fromLast, Math.abs(ema[i] - averaged.get(averaged.size() - 1)[i]));
                }
                assertEquals(4, averaged.size(), "8 steps, 2 a round");
                assertTrue(worst <= 1e-7, "EMA off the formula by " + worst);
                assertTrue(fromLast > 1e-4, "the EMA is not the last averaged parameters: " + fromLast);
                ModelKeeper.Kept kept = rounds.keep();
                assertNull(kept.validation(), "validation-images = 0: nothing validated, nothing reported");
                assertTrue(maxDiff(kept.weights(), rounds.ema()) == 0, "the stage keeps its EMA");
            }
        }
    }

    /**
     * stop-after-steps stops the run after 2 of 4 rounds (checkpoint and its kept state written); a second command
     * finishes the stage. Its EMA (final-ema.zip, raw-weights keeps the averaged weights as final.zip) and final
     * model equal an uninterrupted run's, to the rounding the averaging itself leaves between two runs.
     */
    @Test
    void aStageResumedMidwayEndsWithTheEmaOfAnUninterruptedOne() throws Exception {
        File data = new File(dir, "data");
        SyntheticSubImages.write(data, new int[]{2}, 16, 48, 3);
        String stages = "[{name = a, scale = 2, init = scratch, iterations = 8, lr = 3e-3, ema-decay = 0.8, raw-weights = true}]";
        File straight = new File(dir, "straight"), resumed = new File(dir, "resumed");
        try (JavaSparkContext sc = LocalSpark.start("ema-resume")) {
            TrainJob.run(sc, settings(data, straight, stages));
            RunState stopped = TrainJob.run(sc, settings(data, resumed, stages, "train.stop-after-steps=4"));
            assertEquals(2, stopped.round());
            assertTrue(new File(resumed, RunLayout.keeperState(stopped.checkpoint())).isFile(), "the EMA saved beside it");
            RunState done = TrainJob.run(sc, settings(data, resumed, stages));
            assertEquals(List.of("a"), done.completed());
        }
        INDArray ema = params(straight, RunLayout.finalEma("a")), raw = params(straight, RunLayout.finalModel("a"));
        double emaDiff = maxDiff(ema, params(resumed, RunLayout.finalEma("a")));
        double rawDiff = maxDiff(raw, params(resumed, RunLayout.finalModel("a")));
        assertTrue(rawDiff < 1e-6, "resumed trained weights differ by " + rawDiff);
        assertTrue(emaDiff < 1e-6, "resumed EMA differs by " + emaDiff);
        assertTrue(maxDiff(ema, raw) > 1e-3, "an EMA restarted at the resume would not tell: EMA and weights must differ");
        assertTrue(new File(straight, RunLayout.finalModel("a")).isFile());
    }

    /**
     * Warm-up to a rate that wrecks the model (lr 0.1 · k / 40 at step k): validation PSNR rises over the first rounds,
     * then falls as the rate grows (measured: 10.5, 16.4, 15.6, 16.9, 14.1, 11.5, 9.7, 9.2, 8.0, 9.0 dB after rounds 2,
     * 4, ..., 20). keep = best must end the stage with the model of the best validated round, in the middle, and say so.
     */
    @Test
    void keepBestEndsAStageWhoseValidationPeaksInTheMiddleWithTheMiddleModel() throws Exception {
        File data = SyntheticSubImages.withValidation(new File(dir, "data")), run = new File(dir, "run");
        TrainSettings s = settings(data, run, "[{name = a, scale = 2, init = scratch, iterations = 40, lr = 0.1,"
                + " warmup-iterations = 40, validate-every-rounds = 2, keep = best}]", "train.validation-images=1");
        RunState state;
        try (JavaSparkContext sc = LocalSpark.start("keep-best")) {
            state = TrainJob.run(sc, s);
            List<RunState.MetricRow> validated = state.rowsOf("a").stream().filter(r -> !Double.isNaN(r.valPsnrY)).toList();
            assertEquals(List.of(2, 4, 6, 8, 10, 12, 14, 16, 18, 20), validated.stream().map(r -> r.round).toList());
            RunState.MetricRow peak = validated.get(0);
            for (RunState.MetricRow r : validated) if (r.valPsnrY >= peak.valPsnrY) peak = r;
            RunState.MetricRow last = validated.get(validated.size() - 1);
            String curve = validated.stream().map(r -> r.round + ": " + r.valPsnrY).toList().toString();
            assertTrue(peak != validated.get(0) && peak != last && last.valPsnrY < peak.valPsnrY - 1,
                    "the test needs a validation that peaks in the middle: " + curve);

            RunState.Validation kept = state.validation().get("a");
            assertEquals(peak.round, kept.round, "kept round, validations " + curve);
            assertEquals(peak.valPsnrY, kept.psnrY);
            assertEquals("raw", kept.weights);
            ComputationGraph fin = RrlfnModels.load(new File(run, RunLayout.finalModel("a")), true);
            double rescored = Validator.open(s, s.stages().get(0), fin, new Configuration()).score(fin.params()).psnr();
            assertEquals(peak.valPsnrY, rescored, 1e-9, "final.zip is the model validated at round " + peak.round);
            assertNotNull(fin.getUpdater().getStateViewArray(), "with the optimizer state, as every final model");
        }
        assertTrue(state.metricsCsv().contains(String.format(java.util.Locale.ROOT, "%.4f", kept(state))), state.metricsCsv());
    }

    private static double kept(RunState state) { return state.validation().get("a").psnrY; }

    private static INDArray params(File run, String file) throws Exception {
        return RrlfnModels.load(new File(run, file), false).params();
    }
}
