package org.rrlfn.data.prepare;

import java.util.List;
import java.util.Map;

/**
 * What a prepare run produced.
 *
 * @param patches  patch pairs per scale
 * @param shards   shard files per scale
 * @param seconds  wall-clock time of the whole job
 */
public record PrepareResult(int imagesFound, int imagesUsable, int trainingImages, List<String> validationImages,
                            Map<Integer, Long> patches, Map<Integer, Long> shards, long flatSkipped,
                            List<Rejection> rejected, double seconds) {
    /** Patch pairs over all scales. */
    public long totalPatches() {
        return patches.values().stream().mapToLong(Long::longValue).sum();
    }
}
