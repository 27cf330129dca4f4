package org.rrlfn.data.prepare;

import java.util.List;
import java.util.Map;
import org.rrlfn.common.files.Rejection;

/**
 * What a prepare run produced.
 *
 * @param subImages  sub-image pairs per scale
 * @param seconds    wall-clock time of the whole job
 */
public record PrepareResult(int imagesFound, int imagesUsable, int trainingImages, List<String> validationImages,
                            List<String> testImages,
                            Map<Integer, Long> subImages, long flatSkipped, List<Rejection> rejected, double seconds) {
    /** Sub-image pairs over all scales. */
    public long totalSubImages() {
        return subImages.values().stream().mapToLong(Long::longValue).sum();
    }
}
