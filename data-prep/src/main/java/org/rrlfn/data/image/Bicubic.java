package org.rrlfn.data.image;

import org.rrlfn.model.image.MatlabImresize;

/** MATLAB {@code imresize(…, 'bicubic')} on 8-bit images: how SR benchmarks make LR images, and the bicubic baseline. */
public final class Bicubic {
    private Bicubic() { }

    /** {@code imresize(modcrop(hr, s), 1/s, 'bicubic')}: the LR image of an HR image at integer scale {@code s}. */
    public static Rgb8 downscale(Rgb8 hr, int scale) {
        return new Rgb8(MatlabImresize.resizeUint8(hr.modcrop(scale).planes(), 1.0 / scale));
    }

    /** {@code imresize(lr, s, 'bicubic')}: the bicubic baseline of an LR image. */
    public static Rgb8 upscale(Rgb8 lr, int scale) {
        return new Rgb8(MatlabImresize.resizeUint8(lr.planes(), scale));
    }
}
