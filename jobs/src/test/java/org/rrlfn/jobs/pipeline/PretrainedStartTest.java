package org.rrlfn.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;
import org.rrlfn.jobs.PublishedRlfn;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.config.StageInit;
import org.rrlfn.jobs.train.config.TrainSettings;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.onnx.OnnxExport;

/** rrlfn.pipeline.init-x2/x4: the schedule becomes one fine-tune stage per given file; ONNX files are imported first. */
class PretrainedStartTest {
    @TempDir Path dir;

    private Config pipeline(String... args) {
        return PipelineCommand.configuration(Settings.load(List.of(args), PipelineCommand.COMMAND.options()));
    }

    @Test
    void withoutInitFilesTheDemoScheduleStays() {
        TrainSettings t = TrainSettings.from(pipeline());
        assertEquals(6, t.stages().size());
        assertEquals(StageInit.SCRATCH, t.stages().get(0).init());
    }

    @Test
    void anOnnxInitIsImportedAndFineTunedAloneAtTheFineTuneRate() throws Exception {
        RrlfnConfig small = RrlfnConfig.paper(4).withWidth(8, 1, 4);
        ComputationGraph deploy = RrlfnModels.create(small.withForm(RrlfnConfig.Form.DEPLOY), 5);
        Path onnx = dir.resolve("mine.onnx");
        OnnxExport.write(deploy, onnx);
        Config c = pipeline("--init-x4", onnx.toString(), "pipeline.init-pixel-range=1", "pipeline.import-dir=" + dir.resolve("imp"),
                "model.channels=8", "model.blocks=1", "model.esa-channels=4");
        TrainSettings t = TrainSettings.from(c);
        assertEquals(1, t.stages().size());
        Stage s = t.stages().get(0);
        assertEquals("x4-finetune", s.name());
        assertEquals(4, s.scale());
        Config profile = com.typesafe.config.ConfigFactory.parseResources("rrlfn/profiles/finetune.conf")
                .getConfig("rrlfn.train.stage-defaults");
        assertEquals(profile.getDouble("lr"), s.lr(), 0, "the fine-tune profile's rate, not the demo profile's");
        assertEquals(profile.getInt("iterations"), s.iterations());
        assertEquals(profile.getDouble("ema-decay"), s.selection().emaDecay(), 0);
        assertEquals(org.rrlfn.jobs.train.config.Selection.Keep.BEST, s.selection().keep(), "never ends below its start");
        assertEquals(0, t.sampling().channelShuffleProbability(), 0, "the published weights' colours stay as they are");
        assertEquals(new StageInit.ModelFile(dir.resolve("imp/mine-x4-train.zip").toString()), s.init());

        PretrainedStart.importOnnxFiles(c);
        ComputationGraph imported = RrlfnModels.load(new File(((StageInit.ModelFile) s.init()).uri()), false);
        assertEquals(RrlfnConfig.Form.TRAIN, RrlfnModels.architecture(imported).form());
        INDArray lr = Nd4j.rand(DataType.FLOAT, 1, 3, 16, 18);
        double diff = RrlfnModels.upscale(imported, lr).sub(RrlfnModels.upscale(deploy, lr)).amaxNumber().doubleValue();
        assertTrue(diff < 1e-5, "imported TRAIN form vs the exported DEPLOY model: " + diff);
    }

    /** The published x2 weights expect 0..255: named as 0..1 they are refused with the setting to change, and nothing is written. */
    @Test
    void aWrongInitPixelRangeIsRefusedUnlessOverridden() throws Exception {
        Path published = PublishedRlfn.exportOnnx(2, dir);
        Path zip = dir.resolve("imp").resolve(published.getFileName().toString().replaceFirst("\\.onnx$", "") + "-x2-train.zip");
        Config wrong = pipeline("--init-x2", published.toString(), "pipeline.init-pixel-range=1",
                "pipeline.import-dir=" + dir.resolve("imp"));
        UserError e = assertThrows(UserError.class, () -> PretrainedStart.importOnnxFiles(wrong));
        String m = e.getMessage();
        assertTrue(m.startsWith("rrlfn.pipeline.init-pixel-range = 1 does not fit rrlfn.pipeline.init-x2 " + published), m);
        assertTrue(m.contains("set rrlfn.pipeline.init-pixel-range = 255") && m.contains("init-ignore-pixel-range-check"), m);
        assertFalse(Files.exists(zip), "nothing written");

        PretrainedStart.importOnnxFiles(pipeline("--init-x2", published.toString(), "pipeline.init-pixel-range=1",
                "pipeline.import-dir=" + dir.resolve("imp"), "pipeline.init-ignore-pixel-range-check=true"));
        assertTrue(Files.isRegularFile(zip), "the override imports it");
    }

    @Test
    void anInitThatIsNeitherOnnxNorZipIsRejected() {
        UserError e = assertThrows(UserError.class, () -> pipeline("pipeline.init-x2=weights.pth"));
        assertTrue(e.getMessage().contains("init-x2") && e.getMessage().contains("weights.pth"), e.getMessage());
        assertEquals(Map.of(), PretrainedStart.inits(Settings.load(List.of(), Map.of()).config()));
    }
}
