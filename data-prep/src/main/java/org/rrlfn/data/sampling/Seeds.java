package org.rrlfn.data.sampling;

import java.util.SplittableRandom;

/**
 * Random streams keyed by (seed, keys…): a sample's crop and augmentation depend on its stage, minibatch number and
 * place in the minibatch only, so they survive a different partitioning, task retries and a resumed run.
 */
public final class Seeds {
    private Seeds() { }

    public static SplittableRandom random(long seed, long... keys) {
        long h = mix(seed);
        for (long k : keys) h = mix(h ^ k);
        return new SplittableRandom(h);
    }

    /** SplitMix64's finaliser: a bijection that spreads every input bit over the output. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
