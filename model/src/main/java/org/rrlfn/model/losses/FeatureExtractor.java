package org.rrlfn.model.losses;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.model.arch.GraphContext;

/**
 * The contrastive loss's feature network φ: Conv3×3(s1) – Tanh – Conv3×3(s1), randomly initialised from a
 * seed and never trained (RLFN: VGG features are too sparse after ReLU). Its kernels enter the graph as
 * constants, so no gradient can reach them and they are no parameters of the SR model.
 */
public final class FeatureExtractor implements Serializable {
    private static final long serialVersionUID = 1L;
    private final List<double[][][][]> kernels = new ArrayList<>();
    private final List<double[]> biases = new ArrayList<>();

    /** widths[i] = output channels of conv i; PyTorch's default U(±1/√fan_in) from a SplittableRandom(seed). */
    public FeatureExtractor(int[] widths, long seed) {
        if (widths.length != 2) throw new IllegalArgumentException("the extractor has exactly two convs, got " + widths.length + " widths");
        SplittableRandom rnd = new SplittableRandom(seed);
        int in = 3;
        for (int out : widths) {
            double bound = 1 / Math.sqrt(in * 9.0);
            double[][][][] w = new double[out][in][3][3];
            for (double[][][] o : w) for (double[][] i : o) for (double[] r : i) for (int k = 0; k < 3; k++)
                r[k] = rnd.nextDouble(-bound, bound);
            double[] b = new double[out];
            for (int k = 0; k < out; k++) b[k] = rnd.nextDouble(-bound, bound);
            kernels.add(w);
            biases.add(b);
            in = out;
        }
    }

    /** An extractor with given kernels [out][in][3][3] and biases, for tests worked by hand. */
    public FeatureExtractor(List<double[][][][]> kernels, List<double[]> biases) {
        this.kernels.addAll(kernels);
        this.biases.addAll(biases);
    }

    /**
     * φ_1 = tanh(conv1(x)) and φ_2 = conv2(φ_1), unpadded ("valid") so borders carry no padding artefacts. x is
     * [N, 3, H, W]; the features are NHWC, as {@link GraphContext#conv} convolves (the loss only averages them).
     */
    public List<SDVariable> features(GraphContext g, SDVariable x) {
        SDVariable h1 = g.sd().math().tanh(conv(g, g.toNhwc(x), 0));
        return List.of(h1, conv(g, h1, 1));
    }

    /** {@link #features(GraphContext, SDVariable)} on torch: x and the features are NCHW. */
    public List<Tensor> features(Tensor x) {
        Tensor h1 = torch.tanh(conv(x, 0));
        return List.of(h1, conv(h1, 1));
    }

    private Tensor conv(Tensor x, int i) {
        Tensor w = TorchConstants.kernel(kernels.get(i), x), b = TorchConstants.vector(biases.get(i), x);
        return torch.conv2d(x, w, new TensorOptional(b), new long[]{1, 1}, new long[]{0, 0}, new long[]{1, 1}, 1);
    }

    private SDVariable conv(GraphContext g, SDVariable x, int i) {
        return g.conv(x, g.constant(Nd4j.create(kernels.get(i))), g.constant(Nd4j.createFromArray(biases.get(i))), 3, 1, 0);
    }

    public INDArray kernel(int i) { return Nd4j.create(kernels.get(i)); }
    public INDArray bias(int i) { return Nd4j.createFromArray(biases.get(i)); }
}
