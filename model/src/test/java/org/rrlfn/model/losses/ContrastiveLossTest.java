package org.rrlfn.model.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.rrlfn.model.arch.GraphProbe;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnLayer;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.image.MatlabImresize;

class ContrastiveLossTest {

    private static double[][][][] constantKernel(int out, int in, double v) {
        double[][][][] k = new double[out][in][3][3];
        for (double[][][] o : k) for (double[][] i : o) for (double[] r : i) java.util.Arrays.fill(r, v);
        return k;
    }

    private static INDArray constantImage(double v) {
        return Nd4j.valueArrayOf(new long[]{1, 3, 5, 5}, v, DataType.DOUBLE);
    }

    @Test
    void valueOnConstantImagesMatchesTheHandFormula() {
        // conv1: one output channel, all 27 taps a, bias β1; conv2: one channel, all 9 taps b, bias β2.
        // For a constant image v: φ1 = tanh(27·a·v + β1) on 3×3, φ2 = 9·b·φ1 + β2 on 1×1 (β2 cancels), so for
        // both levels d(SR,HR)/d(SR,NEG) = |t(s) − t(p)| / |t(s) − t(n)| with t(v) = tanh(27·a·v + β1).
        double a = 0.02, b = -0.3, s = 0.6, p = 0.5, n = 0.9;
        FeatureExtractor phi = new FeatureExtractor(List.of(constantKernel(1, 3, a), constantKernel(1, 1, b)),
                List.of(new double[]{0.1}, new double[]{-0.2}));
        double ts = Math.tanh(27 * a * s + 0.1), tp = Math.tanh(27 * a * p + 0.1), tn = Math.tanh(27 * a * n + 0.1);
        double ratio = Math.abs(ts - tp) / Math.abs(ts - tn);
        double[] lambdas = {0.25, 2.0};

        GraphProbe g = new GraphProbe(constantImage(s));
        SDVariable cl = ContrastiveLoss.define(g.g, phi, lambdas, g.input,
                g.sd.constant(constantImage(p)), g.sd.constant(constantImage(n)));
        assertEquals((0.25 + 2.0) * ratio, cl.eval().getDouble(0), 1e-9);
    }

    @Test
    void gradientReachesSrOnlyAndMatchesFiniteDifferences() {
        Nd4j.getRandom().setSeed(3);
        GraphProbe g = new GraphProbe(Nd4j.rand(DataType.DOUBLE, 2, 3, 9, 8));
        FeatureExtractor phi = new FeatureExtractor(new int[]{4, 3}, 9);
        INDArray hr = Nd4j.rand(DataType.DOUBLE, 2, 3, 9, 8), neg = Nd4j.rand(DataType.DOUBLE, 2, 3, 9, 8);
        assertTrue(g.gradientsMatch(q -> ContrastiveLoss.define(q.g, phi, new double[]{0.7, 1.3}, q.input,
                q.sd.constant(hr), q.sd.constant(neg)), 200));
        // The extractor's kernels are constants: the only trainable variable in the graph is SR.
        List<String> trainable = g.sd.variables().stream()
                .filter(v -> v.getVariableType() == VariableType.VARIABLE).map(SDVariable::name).toList();
        assertEquals(List.of("x"), trainable);
    }

    @Test
    void layerScoreIsL1PlusWeightedContrastiveWithBicubicNegative() {
        RrlfnConfig arch = RrlfnConfig.paper(2).withWidth(8, 1, 4);
        LossConfig loss = new LossConfig("l1+contrastive", 0.3, new double[]{1, 0.5}, new int[]{5, 4}, 77);
        ComputationGraph net = RrlfnModels.create(new RrlfnLayer(arch, loss), 1, RrlfnModels.adam(1e-3), DataType.DOUBLE);
        assertEquals(arch.withForm(RrlfnConfig.Form.TRAIN), RrlfnModels.architecture(net));
        long paramsBefore = net.numParams();

        Nd4j.getRandom().setSeed(8);
        INDArray lr = Nd4j.rand(DataType.DOUBLE, 2, 3, 16, 17), hr = Nd4j.rand(DataType.DOUBLE, 2, 3, 32, 34);
        INDArray sr = RrlfnModels.upscale(net, lr);
        // Negative computed outside the graph, image by image, with the plain-array imresize.
        INDArray neg = Nd4j.zeros(DataType.DOUBLE, 2, 3, 32, 34);
        for (int i = 0; i < 2; i++) {
            float[][][] chw = new float[3][16][17];
            for (int c = 0; c < 3; c++) for (int y = 0; y < 16; y++) for (int x = 0; x < 17; x++)
                chw[c][y][x] = (float) lr.getDouble(i, c, y, x);
            float[][][] up = MatlabImresize.resize(chw, 2);
            for (int c = 0; c < 3; c++) for (int y = 0; y < 32; y++) for (int x = 0; x < 34; x++)
                neg.putScalar(new long[]{i, c, y, x}, up[c][y][x]);
        }
        double l1 = Transforms.abs(sr.sub(hr)).meanNumber().doubleValue();
        GraphProbe g = new GraphProbe(sr);
        double cl = ContrastiveLoss.define(g.g, loss.extractor(), loss.lambdas(), g.input,
                g.sd.constant(hr), g.sd.constant(neg)).eval().getDouble(0);
        assertEquals(l1 + 0.3 * cl, net.score(new DataSet(lr, hr)), 1e-5);

        net.fit(new DataSet(lr, hr));
        assertEquals(paramsBefore, net.numParams(), "the extractor must not become a parameter");
    }
}
