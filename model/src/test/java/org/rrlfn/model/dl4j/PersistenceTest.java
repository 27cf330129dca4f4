package org.rrlfn.model.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.model.arch.RrlfnConfig;

/** What Spark and users do with models: ship configurations as JSON / Java objects, save and reload zips. */
class PersistenceTest {
    @TempDir File dir;

    private static RrlfnConfig config(RrlfnConfig.Form form) {
        return RrlfnConfig.paper(3).withWidth(16, 2, 8).withForm(form);
    }

    private static INDArray input() {
        Nd4j.getRandom().setSeed(5);
        return Nd4j.rand(DataType.FLOAT, 1, 3, 19, 21);
    }

    @ParameterizedTest
    @EnumSource(RrlfnConfig.Form.class)
    void saveAndLoadGiveIdenticalOutputs(RrlfnConfig.Form form) throws Exception {
        ComputationGraph g = RrlfnModels.create(config(form), 11);
        File f = new File(dir, "model.zip");
        RrlfnModels.save(g, f, true);
        ComputationGraph back = RrlfnModels.load(f, true);
        assertEquals(config(form), RrlfnModels.architecture(back));
        assertEquals(RrlfnModels.upscale(g, input()), RrlfnModels.upscale(back, input()));
        assertTrue(new File(dir, "model.zip").isFile() && dir.list().length == 1, "no temporary file left behind");
    }

    @ParameterizedTest
    @EnumSource(RrlfnConfig.Form.class)
    void configurationSurvivesJsonAndJavaSerialization(RrlfnConfig.Form form) throws Exception {
        RrlfnConfig arch = config(form).withActivation(RrlfnConfig.Activation.RELU, 0);
        ComputationGraph g = RrlfnModels.create(arch, 3);
        ComputationGraphConfiguration conf = g.getConfiguration();

        ComputationGraphConfiguration fromJson = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, fromJson);
        ComputationGraphConfiguration fromJava = javaRoundTrip(conf);
        assertEquals(conf, fromJava);

        // A network rebuilt from each copy with the same parameters computes the same function.
        for (ComputationGraphConfiguration c : new ComputationGraphConfiguration[]{fromJson, fromJava}) {
            ComputationGraph rebuilt = new ComputationGraph(c);
            rebuilt.init(g.params().dup(), false);
            assertEquals(arch, RrlfnModels.architecture(rebuilt));
            assertEquals(RrlfnModels.upscale(g, input()), RrlfnModels.upscale(rebuilt, input()));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T javaRoundTrip(T o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) { out.writeObject(o); }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
