package org.rrlfn.model.torch;

import java.util.Map;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;
import org.rrlfn.model.arch.ConvSpec;
import org.rrlfn.model.arch.NetworkOps;
import org.rrlfn.model.arch.RrlfnConfig;

/**
 * The description on libtorch tensors [N, C, H, W]: each op is the ATen op tools/pytorch_rrlfn.py calls, so autograd
 * gives the gradients. Parameters are looked up by their {@code ParamLayout} name.
 */
public final class TorchOps implements NetworkOps<Tensor> {
    private final RrlfnConfig config;
    private final Map<String, Tensor> params;
    private final Scalar slope;

    public TorchOps(RrlfnConfig config, Map<String, Tensor> params) {
        this.config = config;
        this.params = params;
        this.slope = new Scalar(config.negativeSlope());
    }

    @Override public RrlfnConfig config() { return config; }

    @Override public Tensor conv(Tensor x, ConvSpec spec) {
        Tensor w = param(spec.weight());
        spec.checkWeightShape(w.shape(), config);
        return conv(x, spec, w, param(spec.bias()));
    }

    /**
     * Eq. 6 by linearity where the config trains merged kernels: one conv with W3 + pad(W1) and b3 + b1, as the
     * SameDiff graph does; autograd's gradient of the pad is the centre tap. Else the two branches, summed.
     */
    @Override public Tensor parallelConvs(Tensor x, ConvSpec wide, ConvSpec narrow) {
        if (!config.trainsMergedKernel()) return NetworkOps.super.parallelConvs(x, wide, narrow);
        long p = (wide.kernel() - narrow.kernel()) / 2;
        Tensor w = param(wide.weight()).add(torch.constant_pad_nd(param(narrow.weight()), p, p, p, p));
        return conv(x, wide, w, param(wide.bias()).add(param(narrow.bias())));
    }

    private static Tensor conv(Tensor x, ConvSpec spec, Tensor w, Tensor b) {
        long s = spec.stride(), p = spec.padding();
        return torch.conv2d(x, Torch.channelsLast(w), new TensorOptional(b), new long[]{s, s}, new long[]{p, p},
                new long[]{1, 1}, 1);
    }

    private Tensor param(String name) {
        Tensor t = params.get(name);
        if (t == null) throw new IllegalStateException("parameter '" + name + "' missing for " + config);
        return t;
    }

    @Override public Tensor activation(Tensor x) {
        return config.activation() == RrlfnConfig.Activation.RELU ? torch.relu(x) : torch.leaky_relu(x, slope);
    }

    @Override public Tensor add(Tensor a, Tensor b) { return a.add(b); }

    @Override public Tensor mul(Tensor a, Tensor b) { return a.mul(b); }

    @Override public Tensor maxPool(Tensor x, int kernel, int stride) {
        return torch.max_pool2d(x, new long[]{kernel, kernel}, new long[]{stride, stride}, new long[]{0, 0},
                new long[]{1, 1}, false);
    }

    @Override public Tensor resize(Tensor x, Tensor like) {
        return torch.upsample_bilinear2d(x, new long[]{like.size(2), like.size(3)}, false);
    }

    @Override public Tensor sigmoid(Tensor x) { return torch.sigmoid(x); }

    @Override public Tensor pixelShuffle(Tensor x, int r) { return torch.pixel_shuffle(x, r); }
}
