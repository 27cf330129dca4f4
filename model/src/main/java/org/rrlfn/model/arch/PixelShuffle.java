package org.rrlfn.model.arch;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * PyTorch's PixelShuffle (ONNX DepthToSpace mode CRD): out[c, h·r + i, w·r + j] = in[c·r² + i·r + j, h, w].
 * SameDiff's depthToSpace uses TensorFlow's DCR order, so weights would not carry over.
 */
public final class PixelShuffle {
    private PixelShuffle() { }

    /**
     * NHWC x: [N, H, W, C·r²] to NCHW [N, C, H·r, W·r]. The shuffle is the network's last op, so it also turns the
     * layout back to the NCHW the graph gives: one copy where a shuffle and an output permute made two.
     */
    public static SDVariable crd(SameDiff sd, SDVariable x, int r, long channels, long h, long w) {
        SDVariable split = sd.reshape(x, -1, h, w, channels, r, r);      // [N, H, W, C, i, j]
        SDVariable moved = sd.permute(split, 0, 3, 1, 4, 2, 5);          // [N, C, H, i, W, j]
        return sd.reshape(moved, -1, channels, h * r, w * r);
    }
}
