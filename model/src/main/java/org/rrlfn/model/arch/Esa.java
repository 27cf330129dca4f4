package org.rrlfn.model.arch;

/**
 * Enhanced spatial attention exactly as RLFN's ESA: a cheap, large-receptive-field mask
 * sigmoid(conv4(up(conv3(maxpool(conv2(c1)))) + convf(c1))) with c1 = conv1(x), multiplied onto x.
 */
public final class Esa {
    private Esa() { }

    /** conv_f is stated before conv2, as RLFN declares them: the parameter layout follows this order. */
    public static <T> T forward(NetworkOps<T> ops, int block, T x) {
        int ch = ops.config().channels(), f = ops.config().esaChannels();
        T c1 = ops.conv(x, ConvSpec.same(Names.esa(block, "conv1"), ch, f, 1));
        T cf = ops.conv(c1, ConvSpec.same(Names.esa(block, "convf"), f, f, 1));
        T c2 = ops.conv(c1, new ConvSpec(Names.esa(block, "conv2"), f, f, 3, 2, 0));
        T c3 = ops.conv(ops.maxPool(c2, 7, 3), ConvSpec.same(Names.esa(block, "conv3"), f, f, 3));
        T up = ops.resize(c3, c1);
        T mask = ops.sigmoid(ops.conv(ops.add(up, cf), ConvSpec.same(Names.esa(block, "conv4"), f, ch, 1)));
        return ops.mul(x, mask);
    }
}
