package org.rrlfn.model.arch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Names and shapes of every parameter of one {@link RrlfnConfig}, in a fixed order: the order in which
 * {@link RrlfnNetwork} states its convolutions (saved models store the parameters flat in this order). Kernels are OIYX
 * ([out, in, kH, kW], PyTorch's and ONNX's layout), biases are [out].
 * Names use dots, never underscores: DL4J's updater splits parameter keys on '_'.
 */
public final class ParamLayout {

    public enum Kind { WEIGHT, BIAS }

    public record Param(String name, long[] shape, Kind kind) {
        public long size() {
            long n = 1;
            for (long s : shape) n *= s;
            return n;
        }
        /** Fan-in of a weight's convolution; 0 for a bias. */
        public long fanIn() { return kind == Kind.WEIGHT ? shape[1] * shape[2] * shape[3] : 0; }
    }

    private final List<Param> params = new ArrayList<>();

    private ParamLayout() { }

    /** The parameters the network's description convolves with, in the order it states them. */
    public static ParamLayout of(RrlfnConfig c) {
        ParamLayout l = new ParamLayout();
        RrlfnNetwork.forward(new Recorder(c, l), null);
        return l;
    }

    public List<Param> params() { return Collections.unmodifiableList(params); }

    public Param get(String name) {
        for (Param p : params) if (p.name().equals(name)) return p;
        throw new IllegalArgumentException("no parameter named '" + name + "' in this layout");
    }

    public long count() {
        return params.stream().mapToLong(Param::size).sum();
    }

    /** Reads the description: every conv adds its weight and bias; no tensors flow (the handle is always null). */
    private record Recorder(RrlfnConfig config, ParamLayout layout) implements NetworkOps<Void> {
        @Override public Void conv(Void x, ConvSpec spec) {
            layout.params.add(new Param(spec.weight(), spec.weightShape(), Kind.WEIGHT));
            layout.params.add(new Param(spec.bias(), new long[]{spec.out()}, Kind.BIAS));
            return null;
        }
        @Override public Void activation(Void x) { return null; }
        @Override public Void add(Void a, Void b) { return null; }
        @Override public Void mul(Void a, Void b) { return null; }
        @Override public Void maxPool(Void x, int kernel, int stride) { return null; }
        @Override public Void resize(Void x, Void like) { return null; }
        @Override public Void sigmoid(Void x) { return null; }
        @Override public Void pixelShuffle(Void x, int r) { return null; }
    }
}
