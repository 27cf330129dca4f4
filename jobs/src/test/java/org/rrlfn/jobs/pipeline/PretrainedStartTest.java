package org.rrlfn.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.File;
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
import org.rrlfn.jobs.train.Stage;
import org.rrlfn.jobs.train.StageInit;
import org.rrlfn.jobs.train.TrainSettings;
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
        assertEquals(2e-5, s.lr(), 0, "the fine-tune rate, not the demo profile's");
        assertEquals(150, s.iterations());
        assertEquals(new StageInit.ModelFile(dir.resolve("imp/mine-x4-train.zip").toString()), s.init());

        PretrainedStart.importOnnxFiles(c);
        ComputationGraph imported = RrlfnModels.load(new File(((StageInit.ModelFile) s.init()).uri()), false);
        assertEquals(RrlfnConfig.Form.TRAIN, RrlfnModels.architecture(imported).form());
        INDArray lr = Nd4j.rand(DataType.FLOAT, 1, 3, 16, 18);
        double diff = RrlfnModels.upscale(imported, lr).sub(RrlfnModels.upscale(deploy, lr)).amaxNumber().doubleValue();
        assertTrue(diff < 1e-5, "imported TRAIN form vs the exported DEPLOY model: " + diff);
    }

    @Test
    void anInitThatIsNeitherOnnxNorZipIsRejected() {
        UserError e = assertThrows(UserError.class, () -> pipeline("pipeline.init-x2=weights.pth"));
        assertTrue(e.getMessage().contains("init-x2") && e.getMessage().contains("weights.pth"), e.getMessage());
        assertEquals(Map.of(), PretrainedStart.inits(Settings.load(List.of(), Map.of()).config()));
    }
}
