package org.rrlfn.model.arch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Names and shapes of every parameter of one {@link RrlfnConfig}, in a fixed order. Kernels are OIYX
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

    public static ParamLayout of(RrlfnConfig c) {
        ParamLayout l = new ParamLayout();
        int ch = c.channels(), f = c.esaChannels();
        l.conv(Names.HEAD, 3, ch, 3);
        for (int i = 0; i < c.blocks(); i++) {
            for (int r = 1; r <= 3; r++) l.repConv(Names.rep(i, r), ch, c);
            l.conv(Names.blockConv(i), ch, ch, 1);
            l.conv(Names.esa(i, "conv1"), ch, f, 1);
            l.conv(Names.esa(i, "convf"), f, f, 1);
            l.conv(Names.esa(i, "conv2"), f, f, 3);
            l.conv(Names.esa(i, "conv3"), f, f, 3);
            l.conv(Names.esa(i, "conv4"), f, ch, 1);
        }
        l.conv(Names.BODY, ch, ch, 3);
        l.conv(Names.UP, ch, 3 * c.scale() * c.scale(), 3);
        return l;
    }

    private void conv(String prefix, long in, long out, long k) {
        params.add(new Param(Names.weight(prefix), new long[]{out, in, k, k}, Kind.WEIGHT));
        params.add(new Param(Names.bias(prefix), new long[]{out}, Kind.BIAS));
    }

    private void repConv(String prefix, long ch, RrlfnConfig c) {
        if (c.form() == RrlfnConfig.Form.DEPLOY) {
            conv(prefix, ch, ch, 3);
            return;
        }
        conv(Names.branch3(prefix), ch, ch, 3);
        conv(Names.branch1(prefix), ch, ch, 1);
    }

    public List<Param> params() { return Collections.unmodifiableList(params); }

    public Param get(String name) {
        for (Param p : params) if (p.name().equals(name)) return p;
        throw new IllegalArgumentException("no parameter named '" + name + "' in this layout");
    }

    public long count() {
        return params.stream().mapToLong(Param::size).sum();
    }

}
