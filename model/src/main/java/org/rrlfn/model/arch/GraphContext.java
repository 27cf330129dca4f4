package org.rrlfn.model.arch;

import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/** What every piece of a SameDiff graph needs ({@link SameDiffBuilder}, the losses): the graph, the parameters, the config. */
public final class GraphContext {

    private final SameDiff sd;
    private final Map<String, SDVariable> params;
    private final RrlfnConfig config;
    private final DataType dataType;

    public GraphContext(SameDiff sd, Map<String, SDVariable> params, RrlfnConfig config, DataType dataType) {
        this.sd = sd;
        this.params = params;
        this.config = config;
        this.dataType = dataType;
    }

    public SameDiff sd() { return sd; }
    public RrlfnConfig config() { return config; }

    public SDVariable param(String name) {
        SDVariable v = params.get(name);
        if (v == null) throw new IllegalStateException("parameter '" + name + "' missing for " + config);
        return v;
    }

    public SDVariable constant(INDArray value) {
        return sd.constant(value.castTo(dataType));
    }

    /**
     * A convolution of an NHWC map x with a kernel w stored OIYX. NHWC because it is the layout oneDNN's forward
     * convolutions run in: an NCHW graph paid a reorder of every conv's input and output, more time than the convs
     * (docs/benchmarks.md: NHWC feature maps). The kernel goes in as YXIO: libnd4j's conv2d_bp ignores the
     * weights-format argument (it assumes YXIO), so OIYX would run forward and break backward. That permute is of
     * the small kernel, not the activations.
     */
    public SDVariable conv(SDVariable x, SDVariable w, SDVariable b, long k, int stride, int padding) {
        Conv2DConfig c = Conv2DConfig.builder().kH(k).kW(k).sH(stride).sW(stride).pH(padding).pW(padding)
                .dH(1).dW(1).paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NHWC)
                .weightsFormat(WeightsFormat.YXIO).build();
        return sd.cnn().conv2d(x, sd.permute(w, 2, 3, 1, 0), b, c);
    }

    /** [N, C, H, W] to [N, H, W, C]. */
    public SDVariable toNhwc(SDVariable nchw) { return sd.permute(nchw, 0, 2, 3, 1); }

    /** [N, H, W, C] to [N, C, H, W]. */
    public SDVariable toNchw(SDVariable nhwc) { return sd.permute(nhwc, 0, 3, 1, 2); }

    public static INDArray zeros(long... shape) {
        return Nd4j.zeros(DataType.DOUBLE, shape);
    }
}
