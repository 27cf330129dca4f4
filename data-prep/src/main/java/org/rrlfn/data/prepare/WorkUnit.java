package org.rrlfn.data.prepare;

import java.io.Serializable;
import org.rrlfn.data.PreparedLayout.HeldOut;

/**
 * One task's share of an image: the sub-images whose top rows lie in [rowFrom, rowTo), or, for a held-out image, the
 * whole image written as PNGs into the held-out folder {@code heldOut} (validation or test; null for training).
 *
 * @param share fraction of the image this unit stands for (1 / number of bands), for progress reporting
 */
record WorkUnit(String path, String name, int width, int height, int rowFrom, int rowTo, double share,
                HeldOut heldOut) implements Serializable {
}
