package org.rrlfn.model.arch;

/**
 * Parameter and multiply-accumulate counts. MACs count convolutions only (activations, ESA's pooling,
 * bilinear resize and sigmoid are elementwise and add well under 1%). FLOPs = 2 · MACs.
 */
public final class Complexity {
    private Complexity() { }

    public static long parameters(RrlfnConfig c) {
        return ParamLayout.of(c).count();
    }

    /** Exact conv MACs for one h×w LR input. */
    public static long macs(RrlfnConfig c, long h, long w) {
        long full = h * w;
        long strided = Esa.stridedSide(h) * Esa.stridedSide(w);
        long pooled = Esa.pooledSide(h) * Esa.pooledSide(w);
        return macsWithDensities(c, full, strided, pooled);
    }

    /**
     * Conv MACs per LR pixel for large images: ESA's strided conv runs on ¼ of the pixels and its pooled conv
     * on 1/36 (limits of the exact counts as H, W grow).
     */
    public static double macsPerPixel(RrlfnConfig c) {
        long n = 36L * 1_000_000;  // any multiple of 36 keeps the densities exact
        return macsWithDensities(c, n, n / 4, n / 36) / (double) n;
    }

    private static long macsWithDensities(RrlfnConfig c, long full, long strided, long pooled) {
        long ch = c.channels(), f = c.esaChannels();
        long rep = c.form() == RrlfnConfig.Form.DEPLOY || c.trainsMergedKernel() ? 9 * ch * ch : 10 * ch * ch;
        long perBlockFull = 3 * rep + ch * ch            // RM_1..3, conv 1×1
                + ch * f + f * f + f * ch;                // ESA conv1, conv_f, conv4
        long perBlockStrided = 9 * f * f;                 // ESA conv2 (3×3, stride 2)
        long perBlockPooled = 9 * f * f;                  // ESA conv3 on the pooled map
        long head = 9 * 3 * ch, body = 9 * ch * ch, up = 9 * ch * 3L * c.scale() * c.scale();
        return full * (head + c.blocks() * perBlockFull + body + up)
                + c.blocks() * (strided * perBlockStrided + pooled * perBlockPooled);
    }
}
