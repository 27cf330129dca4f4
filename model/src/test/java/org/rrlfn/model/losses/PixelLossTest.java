package org.rrlfn.model.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.rrlfn.model.arch.GraphContext;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.PyTorch;
import org.rrlfn.model.dl4j.RrlfnLayer;
import org.rrlfn.model.dl4j.RrlfnModels;

/**
 * The registry's pixel losses beside l1 — {@code loss = charbonnier} ({@link CharbonnierLoss}) and {@code loss = mse}
 * ({@link MseLoss}) — taken through the registry, against BasicSR's formulas computed by PyTorch and by hand.
 */
class PixelLossTest {
    @TempDir File dir;

    /** The loss of each pixel's difference d, as BasicSR writes it. */
    private static UnaryOperator<INDArray> perPixel(String type) {
        return switch (type) {
            case "charbonnier" -> d -> Transforms.sqrt(d.mul(d).add(CharbonnierLoss.EPS));
            case "mse" -> d -> d.mul(d);
            default -> throw new IllegalArgumentException(type);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"charbonnier", "mse"})
    void lossAndGradientMatchPyTorch(String type) throws Exception {
        PyTorch.requireOrSkip();
        Nd4j.getRandom().setSeed(12);
        INDArray sr = Nd4j.rand(DataType.DOUBLE, 3, 3, 7, 9), hr = Nd4j.rand(DataType.DOUBLE, 3, 3, 7, 9);
        // Equal pixels, where the gradient is 0 and (Charbonnier) ε alone keeps the root and its derivative finite;
        // and nearly equal ones, where Charbonnier is no longer |d|.
        for (int x = 0; x < 9; x++) sr.putScalar(new long[]{1, 2, 3, x}, hr.getDouble(1, 2, 3, x) + (x - 4) * 1e-7);
        sr.putScalar(new long[]{0, 0, 0, 0}, hr.getDouble(0, 0, 0, 0));

        SameDiff sd = SameDiff.create();
        SDVariable srVar = sd.var("sr", sr);
        GraphContext g = new GraphContext(sd, Map.of(), RrlfnConfig.paper(2), DataType.DOUBLE);
        // The layer's objective is the sum over the batch; DL4J divides it by the batch size.
        SDVariable loss = TrainingLoss.define(g, LossConfig.l1().withType(type),
                sd.constant(Nd4j.zeros(DataType.DOUBLE, 3, 3, 4, 5)), srVar, sd.constant(hr), 4, 5).div(3);
        sd.setLossVariables(loss);
        double ours = loss.eval().getDouble(0);
        INDArray grad = sd.calculateGradients(Map.of(), "sr").get("sr");

        File srFile = new File(dir, "sr.npy"), hrFile = new File(dir, "hr.npy");
        Nd4j.writeAsNumpy(sr, srFile);
        Nd4j.writeAsNumpy(hr, hrFile);
        PyTorch.run("loss", List.of("--type", type, "--sr", srFile.getPath(), "--hr", hrFile.getPath(),
                "--output", dir.getPath()));
        double theirs = Nd4j.createFromNpyFile(new File(dir, "loss.npy")).getDouble(0);
        INDArray theirGrad = Nd4j.createFromNpyFile(new File(dir, "grad.npy")).castTo(DataType.DOUBLE);

        assertEquals(theirs, ours, 1e-12);
        assertEquals(perPixel(type).apply(sr.sub(hr)).meanNumber().doubleValue(), ours, 1e-12, "the formula by hand");
        assertEquals(0, grad.sub(theirGrad).amaxNumber().doubleValue(), 1e-12,
                "gradient; largest element " + theirGrad.amaxNumber());
    }

    @ParameterizedTest
    @ValueSource(strings = {"charbonnier", "mse"})
    void aModelBuiltWithItScoresTheMeanLossOfItsOutput(String type) {
        LossConfig config = LossConfig.l1().withType(type);
        var net = RrlfnModels.create(new RrlfnLayer(RrlfnConfig.paper(2).withWidth(8, 1, 4), config), 1,
                RrlfnModels.adam(1e-3), DataType.DOUBLE);
        Nd4j.getRandom().setSeed(4);
        INDArray lr = Nd4j.rand(DataType.DOUBLE, 2, 3, 16, 16), hr = Nd4j.rand(DataType.DOUBLE, 2, 3, 32, 32);
        double expected = perPixel(type).apply(RrlfnModels.upscale(net, lr).sub(hr)).meanNumber().doubleValue();
        assertEquals(expected, net.score(new DataSet(lr, hr)), 1e-9);
        assertEquals(config, RrlfnModels.layer(net).lossConfig());
    }

    /** {@link MseLoss} reduces each example on its own: the batch mean comes later, from DL4J. */
    @org.junit.jupiter.api.Test
    void mseIsTheMeanSquaredErrorOfEachExample() {
        Nd4j.getRandom().setSeed(7);
        INDArray sr = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 5), hr = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 5);
        SameDiff sd = SameDiff.create();
        INDArray perExample = MseLoss.perExample(sd, sd.constant(sr), sd.constant(hr)).eval();
        for (int n = 0; n < 2; n++) {
            INDArray d = sr.slice(n).sub(hr.slice(n));
            assertEquals(d.mul(d).meanNumber().doubleValue(), perExample.getDouble(n), 1e-12, "example " + n);
        }
    }
}
