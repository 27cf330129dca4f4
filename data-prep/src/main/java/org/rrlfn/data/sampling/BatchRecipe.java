package org.rrlfn.data.sampling;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * One minibatch as the driver ships it: which sub-images, and the (stage, minibatch number) that seed the crops a
 * worker draws from them. Written as the "path" DL4J's {@code fitPaths} hands to a loader: the scale's train folder
 * as a URI (DL4J opens that file system) with the rest in the fragment, e.g.
 * {@code hdfs://nn/data/x2/train#rrlfn-batch/1;2;0;37;part-00003.sub@1048600,part-00000.sub@0}. Spark still
 * ships only short strings; the pixels are read on the worker.
 *
 * @param batch the minibatch's number within its stage (round × minibatches per round + its place in the round)
 */
public record BatchRecipe(String trainDir, int scale, int stage, long batch, List<Sample> samples) {
    static final String FORMAT = "rrlfn-batch/1";

    /** One sample: the shard (a name inside trainDir) and the offset of its sub-image record. */
    public record Sample(String shard, long offset) { }

    public String encode() {
        StringBuilder b = new StringBuilder(trainDir).append('#').append(FORMAT).append(';').append(scale).append(';')
                .append(stage).append(';').append(batch).append(';');
        for (int i = 0; i < samples.size(); i++) {
            if (i > 0) b.append(',');
            b.append(samples.get(i).shard()).append('@').append(samples.get(i).offset());
        }
        return b.toString();
    }

    public static BatchRecipe parse(String path) {
        try {
            URI uri = new URI(path);
            String f = uri.getRawFragment();
            String[] parts = f == null ? new String[0] : f.split(";", -1);
            if (parts.length != 5 || !parts[0].equals(FORMAT))
                throw new IllegalArgumentException("not an " + FORMAT + " minibatch recipe");
            List<Sample> samples = new ArrayList<>();
            for (String s : parts[4].split(",")) {
                int at = s.lastIndexOf('@');
                samples.add(new Sample(s.substring(0, at), Long.parseLong(s.substring(at + 1))));
            }
            String dir = path.substring(0, path.indexOf('#'));
            return new BatchRecipe(dir, Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), Long.parseLong(parts[3]),
                    samples);
        } catch (RuntimeException | java.net.URISyntaxException e) {
            throw new IllegalArgumentException("minibatch path '" + path + "': " + e.getMessage()
                    + " (training reads the sub-images of `rrlfn prepare`, addressed by recipes like "
                    + "<data>/x2/train#" + FORMAT + ";scale;stage;batch;shard@offset,...)", e);
        }
    }
}
