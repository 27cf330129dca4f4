package org.rrlfn.model.dl4j;

import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.rrlfn.model.Engine;
import org.rrlfn.model.arch.ParamLayout;
import org.rrlfn.model.arch.RrlfnConfig;

/** Builds, inspects, saves and loads the single-layer ComputationGraphs that carry an RRLFN. */
public final class RrlfnModels {
    public static final String INPUT = "lr";
    public static final String LAYER = "rrlfn";

    private RrlfnModels() { }

    /** Adam with the paper's betas; the learning rate is the stage's. */
    public static IUpdater adam(double lr) {
        return new Adam(lr, 0.9, 0.999, 1e-8);
    }

    public static ComputationGraph create(RrlfnConfig config, long seed, IUpdater updater, DataType dataType) {
        return create(new RrlfnLayer(config), seed, updater, dataType);
    }

    /** A graph around the given layer configuration (architecture and training loss). */
    public static ComputationGraph create(RrlfnLayer layer, long seed, IUpdater updater, DataType dataType) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(updater)
                .dataType(dataType)
                .graphBuilder()
                .addInputs(INPUT)
                .addLayer(LAYER, layer, INPUT)
                .setOutputs(LAYER)
                .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        FlatGradientUpdate.on(g);
        return g;
    }

    public static ComputationGraph create(RrlfnConfig config, long seed) {
        return create(config, seed, adam(5e-4), DataType.FLOAT);
    }

    public static RrlfnLayer layer(ComputationGraph g) {
        return (RrlfnLayer) g.getLayer(LAYER).conf().getLayer();
    }

    /**
     * Runs g's training and inference passes on engine {@code e} from now on, and those of every network built from
     * its configuration (the averaging paths' workers): {@link RrlfnLayer#useEngine}.
     */
    public static void useEngine(ComputationGraph g, Engine e, String torchDevice) {
        layer(g).useEngine(e, torchDevice);
    }

    public static RrlfnConfig architecture(ComputationGraph g) {
        return layer(g).architecture();
    }

    /** Live views of the parameters, by RRLFN parameter name. */
    public static Map<String, INDArray> params(ComputationGraph g) {
        return g.getLayer(LAYER).paramTable();
    }

    /** Copies values into the live parameters (DL4J's SameDiff layers ignore setParam). */
    public static void assignParams(ComputationGraph g, Map<String, INDArray> values) {
        Map<String, INDArray> live = params(g);
        for (ParamLayout.Param p : ParamLayout.of(architecture(g)).params()) {
            INDArray v = values.get(p.name());
            if (v == null) throw new IllegalArgumentException("missing value for parameter " + p.name());
            INDArray target = live.get(p.name());
            if (!java.util.Arrays.equals(target.shape(), v.shape()))
                throw new IllegalArgumentException("parameter " + p.name() + ": expected shape "
                        + java.util.Arrays.toString(target.shape()) + ", got " + java.util.Arrays.toString(v.shape()));
            target.assign(v);
        }
    }

    /** Detached copies of every parameter. */
    public static Map<String, INDArray> copyParams(ComputationGraph g) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        params(g).forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }

    /** SR image(s) for LR input [N, 3, h, w] in [0, 1]. */
    public static INDArray upscale(ComputationGraph g, INDArray lr) {
        if (lr.rank() != 4 || lr.size(1) != 3)
            throw new IllegalArgumentException("expected an NCHW RGB batch [N, 3, H, W], got shape "
                    + java.util.Arrays.toString(lr.shape()));
        RrlfnConfig.checkInputSize(lr.size(2), lr.size(3));
        return g.outputSingle(false, lr);
    }

    public static void save(ComputationGraph g, File file, boolean withUpdater) throws IOException {
        File tmp = new File(file.getParentFile(), "." + file.getName() + ".tmp");
        ModelSerializer.writeModel(g, tmp, withUpdater);
        if (!tmp.renameTo(file)) {
            java.nio.file.Files.move(tmp.toPath(), file.toPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public static ComputationGraph load(File file, boolean withUpdater) throws IOException {
        return ModelSerializer.restoreComputationGraph(file, withUpdater);
    }
}
