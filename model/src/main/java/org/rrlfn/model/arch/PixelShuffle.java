package org.rrlfn.model.arch;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * PyTorch's PixelShuffle (ONNX DepthToSpace mode CRD): out[c, h·r + i, w·r + j] = in[c·r² + i·r + j, h, w].
 * SameDiff's depthToSpace uses TensorFlow's DCR order, so weights would not carry over.
 */
public final class PixelShuffle {
    private PixelShuffle() { }

    /** x: [N, C·r², H, W] to [N, C, H·r, W·r]. */
    public static SDVariable crd(SameDiff sd, SDVariable x, int r, long channels, long h, long w) {
        SDVariable split = sd.reshape(x, -1, channels, r, r, h, w);      // [N, C, i, j, H, W]
        SDVariable moved = sd.permute(split, 0, 1, 4, 2, 5, 3);          // [N, C, H, i, W, j]
        return sd.reshape(moved, -1, channels, h * r, w * r);
    }
}
