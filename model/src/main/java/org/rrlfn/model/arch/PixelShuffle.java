package org.rrlfn.model.arch;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * PyTorch's PixelShuffle (ONNX DepthToSpace mode CRD): out[c, h·r + i, w·r + j] = in[c·r² + i·r + j, h, w].
 * SameDiff's depthToSpace uses TensorFlow's DCR order, so weights would not carry over.
 */
public final class PixelShuffle {
    private PixelShuffle() { }

    /** NHWC x: [N, H, W, C·r²] to [N, H·r, W·r, C]. */
    public static SDVariable crd(SameDiff sd, SDVariable x, int r, long channels, long h, long w) {
        SDVariable split = sd.reshape(x, -1, h, w, channels, r, r);      // [N, H, W, C, i, j]
        SDVariable moved = sd.permute(split, 0, 1, 4, 2, 5, 3);          // [N, H, i, W, j, C]
        return sd.reshape(moved, -1, h * r, w * r, channels);
    }
}
