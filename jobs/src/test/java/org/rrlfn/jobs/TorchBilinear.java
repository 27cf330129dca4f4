package org.rrlfn.jobs;

/**
 * PyTorch's upsample_bilinear2d (F.interpolate(mode='bilinear', align_corners=False)) written out for one plane,
 * the independent reference of the bilinear start: output index o reads source coordinate (o + ½)/s − ½, clamped
 * at 0, between its floor and floor + 1 (clamped to the last index), weighted linearly on each axis.
 */
public final class TorchBilinear {
    private TorchBilinear() { }

    /** One plane of the LR image, h × w. */
    @FunctionalInterface
    public interface Plane {
        double get(int y, int x);
    }

    /** The upsampled value at HR position (y, x) of an h × w plane enlarged s times. */
    public static double at(Plane lr, int h, int w, int s, int y, int x) {
        double sy = Math.max(0, (y + 0.5) / s - 0.5), sx = Math.max(0, (x + 0.5) / s - 0.5);
        int y0 = (int) sy, x0 = (int) sx, y1 = Math.min(y0 + 1, h - 1), x1 = Math.min(x0 + 1, w - 1);
        double ly = sy - y0, lx = sx - x0;
        return (1 - ly) * ((1 - lx) * lr.get(y0, x0) + lx * lr.get(y0, x1))
                + ly * ((1 - lx) * lr.get(y1, x0) + lx * lr.get(y1, x1));
    }
}
