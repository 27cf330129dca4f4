package org.rrlfn.jobs.train.config;

import java.util.Arrays;
import org.rrlfn.common.UserError;

/**
 * Where a from-scratch network starts ({@code rrlfn.train.initialisation}). The paper leaves initialisation open.
 * A short schedule from PyTorch's random init spends its few hundred steps learning the identity; the two
 * upsampling starts begin as a classical upscaler, so those steps go to detail. Nearest-neighbour starts as
 * s×s blocks, and a few hundred steps lift PSNR without removing them (issue 27: blockiness 2.3 at ×4 after the
 * demo schedule); bilinear starts smooth.
 */
public enum Initialisation {
    /** PyTorch's default conv initialisation, as RLFN's code. */
    PYTORCH("pytorch", null),
    /** The whole network is nearest-neighbour upsampling: each sub-pixel copies the centre LR pixel. */
    NEAREST_START("nearest-start", (s, phase) -> new double[]{0, 1, 0}),
    /**
     * The whole network is bilinear upsampling (PyTorch's align_corners=False), exact away from a one-LR-pixel
     * border, where PyTorch repeats the edge pixel and the conv pads with zeros.
     */
    BILINEAR_START("bilinear-start", Initialisation::bilinearTaps);

    /** Weights on LR offsets −1, 0, +1 along one axis for the sub-pixel at the given phase (0 ≤ phase < s). */
    @FunctionalInterface
    public interface PhaseTaps {
        double[] of(int scale, int phase);
    }

    private final String key;
    private final PhaseTaps taps;

    Initialisation(String key, PhaseTaps taps) {
        this.key = key;
        this.taps = taps;
    }

    public static Initialisation parse(String value, String where) {
        for (Initialisation i : values()) if (i.key.equals(value)) return i;
        throw new UserError(where + " must be one of " + Arrays.stream(values()).map(i -> i.key).toList()
                + ", got '" + value + "'");
    }

    /** The upscaler this start begins as; null for PyTorch's init, which leaves the parameters as created. */
    public PhaseTaps taps() { return taps; }

    /**
     * The sub-pixel at phase i of s sits at LR coordinate d = (i + ½)/s − ½ from its LR pixel's centre
     * (align_corners=False), |d| < ½, so it interpolates linearly between that pixel and the neighbour on d's side.
     */
    static double[] bilinearTaps(int s, int phase) {
        double d = (phase + 0.5) / s - 0.5;
        return new double[]{Math.max(0, -d), 1 - Math.abs(d), Math.max(0, d)};
    }

    @Override
    public String toString() { return key; }
}
