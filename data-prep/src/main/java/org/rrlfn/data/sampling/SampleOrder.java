package org.rrlfn.data.sampling;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The order in which a stage visits the sub-images: epoch after epoch, each a fresh seeded permutation of all of
 * them, laid out so that minibatches mix images. Every sub-image comes once per epoch (so each is used as often as
 * in BasicSR's uniform shuffle), and each image's sub-images are spread evenly over the epoch: image i with n_i
 * sub-images, in a shuffled order, takes the positions (j + u_i) / n_i, j = 0 … n_i − 1, with u_i uniform in
 * [0, 1) and drawn afresh per image and epoch; sorting all sub-images by that key (ties in random order) gives the
 * epoch. A run of k consecutive samples inside an epoch therefore holds every image whose spacing (epoch length /
 * n_i) is at most k, where a plain shuffle lets a minibatch fill up with a few images' neighbouring sub-images.
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
        record Slot(double key, double tie, SubImageRef ref) { }
        List<Slot> slots = new ArrayList<>(total);
        for (List<SubImageRef> g : byImage) {
            List<SubImageRef> copy = new ArrayList<>(g);
            Collections.shuffle(copy, rnd);
            double u = rnd.nextDouble();
            for (int j = 0; j < copy.size(); j++) slots.add(new Slot((j + u) / copy.size(), rnd.nextDouble(), copy.get(j)));
        }
        slots.sort(java.util.Comparator.comparingDouble(Slot::key).thenComparingDouble(Slot::tie));
        List<SubImageRef> order = slots.stream().map(Slot::ref).toList();
        cachedEpoch = e;
        cached = order;
        return order;
    }
}
