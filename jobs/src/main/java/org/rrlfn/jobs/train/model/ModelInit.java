package org.rrlfn.jobs.train.model;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.rrlfn.common.UserError;
import org.rrlfn.jobs.train.config.Initialisation;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.model.arch.Names;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnLayer;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.reparam.TrainForm;

/** Builds the network a stage starts from: fresh, or warm-started from an earlier stage's or a model file's weights. */
public final class ModelInit {
    private ModelInit() { }

    /**
     * Adam (β1 0.9, β2 0.999) whose learning rate warms up over the stage's first warmup-iterations steps and halves
     * every period steps of the stage, counted from the step count {@code first} the stage starts at.
     */
    public static Adam adam(Stage s, int first) {
        return Adam.builder().learningRateSchedule(schedule(s, first))
                .beta1(0.9).beta2(0.999).epsilon(1e-8).build();
    }

    private static HalvingSchedule schedule(Stage s, int first) {
        return new HalvingSchedule(s.lr(), s.lrHalvingPeriod(), first, s.warmupIterations());
    }

    /**
     * A checkpoint resumed for stage s follows the stage's lr, halving period and warm-up as configured now (they differ only
     * after --force-config-change), from the step its schedule started at. DL4J's setLearningRate skips SameDiff
     * layers, so the updater configuration the training updater reads is changed in place.
     */
    public static void continueSchedule(ComputationGraph net, Stage s) {
        var layer = RrlfnModels.layer(net);
        for (String param : RrlfnModels.params(net).keySet())
            if (layer.getUpdaterByParam(param) instanceof Adam adam
                    && adam.getLearningRateSchedule() instanceof HalvingSchedule h)
                adam.setLearningRateSchedule(schedule(s, h.getFirst()));
    }

    /** The step count the network's stage began at: where its learning-rate schedule starts. */
    public static int scheduleStart(ComputationGraph net) {
        var layer = RrlfnModels.layer(net);
        for (String param : RrlfnModels.params(net).keySet())
            if (layer.getUpdaterByParam(param) instanceof Adam adam && adam.getLearningRateSchedule() instanceof HalvingSchedule h)
                return h.getFirst();
        throw new IllegalStateException("the network has no stage schedule");
    }

    /** A new network for stage s with a fresh optimizer (step count 0). */
    public static ComputationGraph fresh(RrlfnConfig arch, Stage s, long seed) {
        return create(arch, s, seed, 0);
    }

    private static ComputationGraph create(RrlfnConfig arch, Stage s, long seed, int first) {
        return RrlfnModels.create(new RrlfnLayer(arch.withScale(s.scale()), s.loss()), seed, adam(s, first), DataType.FLOAT);
    }

    /**
     * A new network for stage s carrying source's weights: all of them at the same scale, all but the
     * upsampler's across a scale change (the upsampler then keeps its fresh initialisation). A stage that keeps
     * the optimizer (same scale only: TrainSettings checks) continues Adam's moments and step count, so the
     * bias correction goes on where the source stopped; its learning-rate schedule starts at that step.
     */
    public static ComputationGraph warmStart(ComputationGraph source, RrlfnConfig arch, Stage s, long seed) {
        boolean sameScale = RrlfnModels.architecture(source).scale() == s.scale();
        boolean keepOptimizer = !s.resetOptimizer() && sameScale && source.getUpdater() != null
                && source.getUpdater().getStateViewArray() != null;
        int first = keepOptimizer ? source.getConfiguration().getIterationCount() : 0;
        ComputationGraph target = create(arch, s, seed, first);
        Map<String, INDArray> values = new HashMap<>(RrlfnModels.params(target));
        for (Map.Entry<String, INDArray> e : RrlfnModels.params(source).entrySet()) {
            if (sameScale || !isUpsampler(e.getKey())) values.put(e.getKey(), e.getValue());
        }
        RrlfnModels.assignParams(target, values);
        if (keepOptimizer) {
            target.getUpdater().getStateViewArray().assign(source.getUpdater().getStateViewArray());
            target.getConfiguration().setIterationCount(first);
            target.getConfiguration().setEpochCount(source.getConfiguration().getEpochCount());
        }
        return target;
    }

    /**
     * A model zip (any Hadoop file system) as the source of a warm start: checked against the configured
     * architecture (channels, blocks, ESA width, activation; the scale may differ), and a DEPLOY-form file (a fused
     * or imported model) turned into the equivalent TRAIN form, so every RepConv starts as the file's kernel with a
     * zero 1x1 branch. Its optimizer state, if any, is not used.
     */
    public static ComputationGraph fromModelFile(String uri, RrlfnConfig arch, Configuration hadoop) throws IOException {
        Path path = new Path(uri);
        ComputationGraph source;
        RrlfnConfig found;
        try (InputStream in = path.getFileSystem(hadoop).open(path)) {
            source = ModelSerializer.restoreComputationGraph(in, false);
            found = RrlfnModels.architecture(source);
        } catch (FileNotFoundException e) {
            throw new UserError("stage init model " + uri + ": no such file");
        } catch (IOException | RuntimeException e) {
            throw new UserError("stage init model " + uri + " is not an RRLFN DL4J model zip (" + e.getMessage() + ")");
        }
        if (found.channels() != arch.channels() || found.blocks() != arch.blocks() || found.esaChannels() != arch.esaChannels()
                || found.activation() != arch.activation() || Double.compare(found.negativeSlope(), arch.negativeSlope()) != 0)
            throw new UserError("stage init model " + uri + " is " + found + " but rrlfn.model configures "
                    + arch.withScale(found.scale()) + ": set rrlfn.model to the file's layout");
        if (found.form() == RrlfnConfig.Form.TRAIN) return source;
        RrlfnConfig train = arch.withScale(found.scale());
        Map<String, INDArray> params;
        try {
            params = TrainForm.of(found, RrlfnModels.params(source), train);
        } catch (IllegalArgumentException e) {
            throw new UserError("stage init model " + uri + ": " + e.getMessage());
        }
        ComputationGraph g = RrlfnModels.create(train, 0);
        RrlfnModels.assignParams(g, params);
        source.close();
        return g;
    }

    /** Sets a fresh network's parameters to the start {@code init} (PyTorch's leaves them as created). */
    public static void start(Initialisation init, ComputationGraph g) {
        if (init.taps() == null) return;
        carryRgb(g);
        upsampler(g, init.taps());
    }

    /**
     * A new upsampler after a scale change (the ×4 stage from ×2 weights) starts as the upscaler {@code init} of the
     * image that source's upsampler reads from the features ({@link #upsamplerFrom}).
     */
    public static void newUpsampler(Initialisation init, ComputationGraph g, ComputationGraph source) {
        if (init.taps() != null) upsamplerFrom(g, source, init.taps());
    }

    /**
     * The part of a smooth start that does not depend on the upsampler: head channels 0–2 copy R, G, B and the body's
     * last conv is zero, so the conv before the pixel shuffle sees the LR image itself in channels 0–2 whatever
     * the blocks compute. Same architecture and parameter count; only where training starts.
     */
    private static void carryRgb(ComputationGraph g) {
        Map<String, INDArray> p = RrlfnModels.params(g);
        INDArray head = p.get(Names.weight(Names.HEAD));
        for (int c = 0; c < 3; c++) {
            head.get(NDArrayIndex.point(c)).assign(0);
            head.putScalar(new long[]{c, c, 1, 1}, 1.0);
            p.get(Names.bias(Names.HEAD)).putScalar(c, 0.0);
        }
        p.get(Names.weight(Names.BODY)).assign(0);
        p.get(Names.bias(Names.BODY)).assign(0);
    }

    /**
     * Upsampler output channel c·s² + i·s + j (PixelShuffle's CRD order: sub-pixel row i, column j) reads colour c
     * of its 3×3 LR neighbourhood with the separable weights taps(i) ⊗ taps(j); every other input channel gets 0.
     */
    private static void upsampler(ComputationGraph g, Initialisation.PhaseTaps taps) {
        double[][] rgbCarry = new double[3][RrlfnModels.architecture(g).channels()];
        for (int c = 0; c < 3; c++) rgbCarry[c][c] = 1;
        upsampler(g, taps, rgbCarry, new double[3]);
    }

    /**
     * The upsampler of g after a scale change as the given upscaler of what source's upsampler computes per LR pixel:
     * its s'² sub-pixel kernels averaged and summed over their 3×3 taps give a 1×1 readout, colour c = Σ_k R[c][k]·F_k
     * + bias[c] (what the source puts on an LR pixel where the features are locally flat); each new sub-pixel reads
     * it with taps(i) ⊗ taps(j). After ×2 training the features' first three channels no longer carry RGB (reading
     * them gave 33.1 dB on the validation photos, bicubic 35.7); the readout keeps what the ×2 stages learned.
     */
    private static void upsamplerFrom(ComputationGraph g, ComputationGraph source, Initialisation.PhaseTaps taps) {
        int s = RrlfnModels.architecture(source).scale(), channels = RrlfnModels.architecture(g).channels();
        Map<String, INDArray> p = RrlfnModels.params(source);
        INDArray w = p.get(Names.weight(Names.UP)), b = p.get(Names.bias(Names.UP));
        double[][] readout = new double[3][channels];
        double[] bias = new double[3];
        for (int c = 0; c < 3; c++)
            for (int phase = 0; phase < s * s; phase++) {
                long out = (long) c * s * s + phase;
                bias[c] += b.getDouble(out) / (s * s);
                for (int k = 0; k < channels; k++)
                    readout[c][k] += w.get(NDArrayIndex.point(out), NDArrayIndex.point(k)).sumNumber().doubleValue() / (s * s);
            }
        upsampler(g, taps, readout, bias);
    }

    private static void upsampler(ComputationGraph g, Initialisation.PhaseTaps taps, double[][] readout, double[] bias) {
        int s = RrlfnModels.architecture(g).scale();
        Map<String, INDArray> p = RrlfnModels.params(g);
        INDArray w = p.get(Names.weight(Names.UP)), b = p.get(Names.bias(Names.UP));
        w.assign(0);
        for (int i = 0; i < s; i++)
            for (int j = 0; j < s; j++) {
                double[] row = taps.of(s, i), col = taps.of(s, j);
                for (int c = 0; c < 3; c++) {
                    long out = (long) c * s * s + i * s + j;
                    b.putScalar(out, bias[c]);
                    for (int k = 0; k < readout[c].length; k++)
                        if (readout[c][k] != 0)
                            for (int a = 0; a < 3; a++)
                                for (int d = 0; d < 3; d++)
                                    w.putScalar(new long[]{out, k, a, d}, row[a] * col[d] * readout[c][k]);
                }
            }
    }

    public static boolean isUpsampler(String param) {
        return param.equals(Names.weight(Names.UP)) || param.equals(Names.bias(Names.UP));
    }
}
