package org.rrlfn.model.arch;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/**
 * Enhanced spatial attention exactly as RLFN's ESA: a cheap, large-receptive-field mask
 * sigmoid(conv4(up(conv3(maxpool(conv2(c1)))) + convf(c1))) with c1 = conv1(x), multiplied onto x.
 */
public final class Esa {
    private Esa() { }

    public static SDVariable forward(GraphContext g, int block, SDVariable x, long h, long w) {
        SDVariable c1 = g.conv(Names.esa(block, "conv1"), x);
        SDVariable c2 = g.conv(Names.esa(block, "conv2"), c1, 2, 0);
        SDVariable pooled = g.sd().cnn().maxPooling2d(c2, Pooling2DConfig.builder()
                .kH(7).kW(7).sH(3).sW(3).pH(0).pW(0).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).isNHWC(false).build());
        SDVariable c3 = g.conv(Names.esa(block, "conv3"), pooled);
        long ph = pooledSide(h), pw = pooledSide(w);
        SDVariable up = BilinearResize.resize(g, c3, g.config().esaChannels(), ph, pw, h, w);
        SDVariable cf = g.conv(Names.esa(block, "convf"), c1);
        SDVariable mask = g.sd().nn().sigmoid(g.conv(Names.esa(block, "conv4"), up.add(cf)));
        return x.mul(mask);
    }

    /** Side after the 3×3 stride-2 unpadded conv and the 7×7 stride-3 pool (both floor). */
    public static long pooledSide(long side) {
        long strided = (side - 3) / 2 + 1;
        return (strided - 7) / 3 + 1;
    }

    /** Side after the strided conv alone. */
    public static long stridedSide(long side) {
        return (side - 3) / 2 + 1;
    }
}
