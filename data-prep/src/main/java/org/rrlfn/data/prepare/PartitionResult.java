package org.rrlfn.data.prepare;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.rrlfn.common.files.DiskFull;
import org.rrlfn.common.files.Rejection;
import org.rrlfn.data.sampling.SubImageRef;

/**
 * What one Spark partition of the prepare job did; gathered on the driver, which writes each scale's index.
 *
 * @param subImages    the sub-images written, per scale, with their places in the partition's shard
 * @param imagesFailed whole (unbanded) images among {@code rejected}: they gave no sub-image at all
 * @param diskFull     the full disk that stopped the partition, or null
 */
record PartitionResult(Map<Integer, List<SubImageRef>> subImages, long flatSkipped, List<String> heldOutWritten,
                       List<Rejection> rejected, int imagesFailed, DiskFull diskFull) implements Serializable {
    /** A partition a full disk stopped: nothing it wrote counts. */
    static PartitionResult stopped(DiskFull full) {
        return new PartitionResult(Map.of(), 0, List.of(), List.of(), 0, full);
    }
}
