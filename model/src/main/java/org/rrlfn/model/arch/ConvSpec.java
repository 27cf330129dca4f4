package org.rrlfn.model.arch;

import java.util.Arrays;

/**
 * One convolution of the description: its parameter name prefix ({@link Names}), channels, square kernel, stride
 * and symmetric zero padding.
 */
public record ConvSpec(String name, int in, int out, int kernel, int stride, int padding) {

    /** Stride 1, padding k/2: the output has the input's size. */
    public static ConvSpec same(String name, int in, int out, int kernel) {
        return new ConvSpec(name, in, out, kernel, 1, kernel / 2);
    }

    public String weight() { return Names.weight(name); }
    public String bias() { return Names.bias(name); }

    /** OIYX, PyTorch's and ONNX's layout. */
    public long[] weightShape() { return new long[]{out, in, kernel, kernel}; }

    /** Stops with the parameter's name when a stored weight does not have the shape this conv needs. */
    public void checkWeightShape(long[] shape, RrlfnConfig config) {
        if (!Arrays.equals(shape, weightShape()))
            throw new IllegalStateException("parameter '" + weight() + "' has shape " + Arrays.toString(shape)
                    + ", the network needs " + Arrays.toString(weightShape()) + " for " + config);
    }

    public long outSide(long in) { return NetworkOps.slidingSide(in, kernel, stride, padding); }
}
