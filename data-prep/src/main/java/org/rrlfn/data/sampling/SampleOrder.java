package org.rrlfn.data.sampling;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The order in which a stage visits the sub-images: epoch after epoch, each a fresh seeded permutation of all of
 * them, laid out so that minibatches mix images. Within an epoch every image's sub-images are shuffled, then dealt
 * in layers: layer j holds the j-th sub-image of every image that has one, the images in a shuffled order. So a run
 * of k consecutive samples holds k different images while at least k images have sub-images left in the layer: a
 * minibatch draws from many images, not from one image's neighbouring sub-images. Every sub-image still comes once
 * per epoch, so over an epoch each is used as often as in BasicSR's uniform shuffle.
 */
public final class SampleOrder {
    private final List<List<SubImageRef>> byImage;
    private final int total;
    private final long seed;
    private final int stage;
    private long cachedEpoch = -1;
    private List<SubImageRef> cached;

    public SampleOrder(List<SubImageRef> refs, long seed, int stage) {
        if (refs.isEmpty()) throw new IllegalArgumentException("no sub-images to sample from");
        Map<String, List<SubImageRef>> groups = new LinkedHashMap<>();
        for (SubImageRef r : refs) groups.computeIfAbsent(r.image(), k -> new ArrayList<>()).add(r);
        this.byImage = List.copyOf(groups.values());
        this.total = refs.size();
        this.seed = seed;
        this.stage = stage;
    }

    public int size() { return total; }

    /** Samples {@code first} to {@code first + count - 1} of the stage's endless sequence of epochs. */
    public List<SubImageRef> slice(long first, int count) {
        List<SubImageRef> out = new ArrayList<>(count);
        for (long p = first; p < first + count; p++) out.add(epoch(p / total).get((int) (p % total)));
        return out;
    }

    private List<SubImageRef> epoch(long e) {
        if (e == cachedEpoch) return cached;
        Random rnd = new Random(Seeds.random(seed, stage, e).nextLong());
        List<List<SubImageRef>> shuffled = new ArrayList<>();
        int layers = 0;
        for (List<SubImageRef> g : byImage) {
            List<SubImageRef> copy = new ArrayList<>(g);
            Collections.shuffle(copy, rnd);
            shuffled.add(copy);
            layers = Math.max(layers, copy.size());
        }
        List<SubImageRef> order = new ArrayList<>(total);
        for (int j = 0; j < layers; j++) {
            List<SubImageRef> layer = new ArrayList<>();
            for (List<SubImageRef> g : shuffled) if (j < g.size()) layer.add(g.get(j));
            Collections.shuffle(layer, rnd);
            order.addAll(layer);
        }
        cachedEpoch = e;
        cached = order;
        return order;
    }
}
