package org.rrlfn.model.arch;

/**
 * The operations RRLFN is written in. {@link RrlfnNetwork}, {@link Rrlfb}, {@link Esa} and {@link RepConv} describe
 * the network once against this interface; each implementation gives the description one meaning: the SameDiff graph
 * ({@link SameDiffBuilder}), the ONNX graph ({@code onnx.OnnxExport}), the parameter names and shapes
 * ({@link ParamLayout}), the multiply-accumulates ({@link Complexity}), or a match against a foreign ONNX graph
 * ({@code onnx.OnnxImport}).
 *
 * @param <T> the implementation's handle of a feature map [N, C, H, W]
 */
public interface NetworkOps<T> {

    /** The architecture being described (activation, form, widths). */
    RrlfnConfig config();

    /** The convolution with parameters {@code spec.weight()} [out, in, k, k] and {@code spec.bias()} [out]. */
    T conv(T x, ConvSpec spec);

    /** The config's activation: LeakyReLU with its negative slope, or ReLU. */
    T activation(T x);

    T add(T a, T b);

    T mul(T a, T b);

    /** Max pooling, square kernel, no padding, floor. */
    T maxPool(T x, int kernel, int stride);

    /** Bilinear resize, PyTorch's align_corners=False, to the spatial size of {@code like}; like has x's N and C. */
    T resize(T x, T like);

    T sigmoid(T x);

    /** PyTorch's PixelShuffle (ONNX DepthToSpace, mode CRD): [N, C·r², H, W] to [N, C, H·r, W·r]. */
    T pixelShuffle(T x, int r);

    /**
     * Two convolutions of x with the same output size, summed (RepConv's branches, paper eq. 6). An implementation may
     * compute it as one conv by linearity (the narrower kernel zero-padded into the wider).
     */
    default T parallelConvs(T x, ConvSpec wide, ConvSpec narrow) {
        return add(conv(x, wide), conv(x, narrow));
    }

    /** Output side of a sliding window (conv or pool) over {@code in} samples: floor((in + 2·pad − k) / stride) + 1. */
    static long slidingSide(long in, int kernel, int stride, int padding) {
        return (in + 2L * padding - kernel) / stride + 1;
    }
}
