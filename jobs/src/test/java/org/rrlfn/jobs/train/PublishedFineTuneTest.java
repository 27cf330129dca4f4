package org.rrlfn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rrlfn.common.config.Settings;
import org.rrlfn.data.prepare.PrepareJob;
import org.rrlfn.data.prepare.PrepareSettings;
import org.rrlfn.jobs.LocalSpark;
import org.rrlfn.jobs.PublishedRlfn;
import org.rrlfn.jobs.SyntheticPhotos;
import org.rrlfn.jobs.scoring.EvalSet;
import org.rrlfn.jobs.scoring.PairEvaluation;
import org.rrlfn.jobs.train.config.TrainSettings;
import org.rrlfn.jobs.train.run.RunLayout;
import org.rrlfn.jobs.train.run.RunState;
import org.rrlfn.model.dl4j.RrlfnModels;

/**
 * The imported published x4 model (a DEPLOY zip, turned into the TRAIN form by the stage's init) fine-tuned for a
 * short stage on local[2] with parameter averaging: at a small rate a correct optimizer must not damage a trained
 * model, so the held-out PSNR after the stage is at least the PSNR before it, less 0.05 dB.
 */
class PublishedFineTuneTest {
    @TempDir Path dir;

    @Test
    void shortFineTuneKeepsTheHeldOutPsnr() throws Exception {
        Path zip = PublishedRlfn.importedZip(PublishedRlfn.exportOnnx(4, dir));
        File photos = dir.resolve("photos").toFile(), data = dir.resolve("prepared").toFile(), run = dir.resolve("run").toFile();
        SyntheticPhotos.write(photos, 3, 192, 160, 12);

        try (JavaSparkContext sc = LocalSpark.start("finetune-test")) {
            PrepareJob.run(sc, PrepareSettings.from(Settings.load(List.of("prepare.input=" + photos, "prepare.output=" + data,
                    "prepare.scales=[4]", "prepare.sub-image-size=96", "prepare.sub-image-step=48",
                    "prepare.validation-images=1", "prepare.test-images=0"), Map.of()).config()));
            ComputationGraph imported = RrlfnModels.load(zip.toFile(), false);
            String val = data + "/x4/val";
            EvalSet set = EvalSet.load("held-out x4", val + "/HR", val + "/LR", 4, 1, sc.hadoopConfiguration());
            PairEvaluation.Summary before = PairEvaluation.summarise(set.name(), PairEvaluation.score(imported, set));

            TrainSettings settings = TrainSettings.from(Settings.load(List.of("train.data=" + data, "train.run=" + run,
                    "train.batch-size=8", "train.hr-patch=64", "train.averaging-frequency=2", "train.validation-images=1",
                    "train.stages=[{name = finetune, scale = 4, init = \"" + zip + "\", iterations = 4, lr = 1e-5}]"),
                    Map.of()).config());
            RunState state = TrainJob.run(sc, settings);
            double after = state.validation().get("finetune").psnrY;

            ComputationGraph tuned = RrlfnModels.load(new File(run, RunLayout.finalModel("finetune")), false);
            Map<String, INDArray> p = RrlfnModels.params(tuned);
            double moved = p.get("b0.rm1.k3.W").sub(RrlfnModels.params(imported).get("b0.rm1.W")).amaxNumber().doubleValue();
            System.out.printf("fine-tune x4: held-out PSNR(Y) before %.3f dB, after %.3f dB (bicubic %.3f dB); max |dW| %.2e%n",
                    before.psnr(), after, before.bicubicPsnr(), moved);
            assertTrue(before.psnr() > before.bicubicPsnr(), "the imported model must beat bicubic: " + before);
            assertTrue(moved > 0, "the stage must have updated the weights");
            assertTrue(after >= before.psnr() - 0.05, "PSNR fell from " + before.psnr() + " to " + after + " dB");
        }
    }
}
