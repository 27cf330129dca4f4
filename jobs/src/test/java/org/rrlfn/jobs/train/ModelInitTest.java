package org.rrlfn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.config.Settings;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.losses.LossConfig;

class ModelInitTest {
    private static final RrlfnConfig ARCH = RrlfnConfig.paper(2);

    private static Stage stage(int scale, boolean reset) {
        return new Stage("s", scale, Stage.PREVIOUS, reset, 10, 5e-4, 100, false);
    }

    @Test
    void x2ToX4CopiesEveryParameterButTheUpsamplerExactly() {
        ComputationGraph x2 = ModelInit.fresh(ARCH, stage(2, true), LossConfig.l1(), 1);
        ComputationGraph x4 = ModelInit.warmStart(x2, ARCH, stage(4, true), LossConfig.l1(), 99);
        assertEquals(4, RrlfnModels.architecture(x4).scale());
        Map<String, INDArray> from = RrlfnModels.params(x2), to = RrlfnModels.params(x4);
        int copied = 0;
        for (Map.Entry<String, INDArray> e : to.entrySet()) {
            if (ModelInit.isUpsampler(e.getKey())) {
                assertEquals(3 * 4 * 4, e.getValue().size(0), e.getKey() + " is the x4 upsampler: 3·s² outputs");
            } else {
                assertArrayEquals(from.get(e.getKey()).dup().data().asFloat(), e.getValue().dup().data().asFloat(), 0f, e.getKey());
                copied++;
            }
        }
        assertEquals(from.size() - 2, copied);
        assertEquals(x2.numParams() - (48 * 12 * 9 + 12) + (48 * 48 * 9 + 48), x4.numParams());
    }

    @Test
    void x4FromAnX2DeployFileCopiesAllButTheUpsamplerAsTheSameFunction(@TempDir Path dir) throws Exception {
        RrlfnConfig small = ARCH.withWidth(8, 2, 4);
        ComputationGraph deploy = RrlfnModels.create(small.withForm(RrlfnConfig.Form.DEPLOY), 3);
        File zip = dir.resolve("x2-deploy.zip").toFile();
        RrlfnModels.save(deploy, zip, false);

        ComputationGraph source = ModelInit.fromModelFile(zip.toURI().toString(), small, new Configuration());
        assertEquals(RrlfnConfig.Form.TRAIN, RrlfnModels.architecture(source).form());
        INDArray lr = Nd4j.rand(DataType.FLOAT, 1, 3, 17, 19);
        assertEquals(0, RrlfnModels.upscale(source, lr).sub(RrlfnModels.upscale(deploy, lr)).amaxNumber().doubleValue(), 1e-5,
                "the TRAIN form of a DEPLOY file computes the same function");

        ComputationGraph x4 = ModelInit.warmStart(source, small, stage(4, true), LossConfig.l1(), 9);
        Map<String, INDArray> from = RrlfnModels.params(deploy), to = RrlfnModels.params(x4);
        assertEquals(from.get("b1.rm3.W"), to.get("b1.rm3.k3.W"));
        assertEquals(0, to.get("b1.rm3.k1.W").amaxNumber().doubleValue(), 0);
        assertEquals(from.get("b1.esa.conv4.b"), to.get("b1.esa.conv4.b"));
        assertEquals(from.get("head.W"), to.get("head.W"));
        assertEquals(3 * 16, to.get("up.W").size(0));

        Settings.Invalid wrong = assertThrows(Settings.Invalid.class,
                () -> ModelInit.fromModelFile(zip.getPath(), ARCH, new Configuration()));
        assertTrue(wrong.getMessage().contains(zip.getPath()) && wrong.getMessage().contains("C=8"), wrong.getMessage());
        Settings.Invalid missing = assertThrows(Settings.Invalid.class,
                () -> ModelInit.fromModelFile(dir.resolve("nope.zip").toString(), small, new Configuration()));
        assertTrue(missing.getMessage().contains("nope.zip: no such file"), missing.getMessage());
    }

    @Test
    void restartKeepsAdamStateOnlyWhenAsked() {
        ComputationGraph a = ModelInit.fresh(ARCH.withWidth(8, 1, 4), stage(2, true), LossConfig.l1(), 1);
        a.getUpdater().getStateViewArray().assign(0.25);
        INDArray kept = ModelInit.warmStart(a, ARCH.withWidth(8, 1, 4), stage(2, false), LossConfig.l1(), 1)
                .getUpdater().getStateViewArray();
        INDArray reset = ModelInit.warmStart(a, ARCH.withWidth(8, 1, 4), stage(2, true), LossConfig.l1(), 1)
                .getUpdater().getStateViewArray();
        assertEquals(0.25, kept.meanNumber().doubleValue(), 1e-7);
        assertEquals(0.0, reset.amaxNumber().doubleValue(), 0.0);
        assertTrue(kept.length() > 0);
    }

    @Test
    void learningRateHalvesEveryPeriod() {
        Stage s = new Stage("s", 2, Stage.SCRATCH, true, 10, 5e-4, 200_000, false);
        assertEquals(5e-4, s.lrAt(199_999), 0);
        assertEquals(2.5e-4, s.lrAt(200_000), 0);
        assertEquals(1.25e-4, s.lrAt(400_001), 0);
    }
}
