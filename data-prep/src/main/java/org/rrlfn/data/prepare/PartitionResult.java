package org.rrlfn.data.prepare;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What one Spark partition of the prepare job did; summed on the driver.
 *
 * @param imagesFailed whole (unbanded) images among {@code rejected}: they gave no patch at all
 */
record PartitionResult(Map<Integer, Long> patches, Map<Integer, Long> shards, long flatSkipped,
                       List<String> validationWritten, List<Rejection> rejected, int imagesFailed)
        implements Serializable { }
