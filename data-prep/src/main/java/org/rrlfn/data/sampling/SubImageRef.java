package org.rrlfn.data.sampling;

import java.io.Serializable;

/**
 * Where one sub-image lies in a prepared set: its shard file (name inside {@code x<s>/train}), the byte offset of its
 * record, its HR size and the image it was cut from.
 */
public record SubImageRef(String shard, long offset, int height, int width, String image) implements Serializable {
    /** The index file's line for this sub-image (tab-separated). */
    String line() {
        return shard + '\t' + offset + '\t' + height + '\t' + width + '\t' + image;
    }
}
