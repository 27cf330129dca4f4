package org.rrlfn.data.prepare;

import java.util.SplittableRandom;

/**
 * Random streams keyed by (seed, image, patch, purpose): a patch's position and augmentation depend on nothing else,
 * so they survive a different partitioning, task retries and images added to or removed from the input.
 */
final class Seeds {
    static final int POSITION = 1;
    static final int AUGMENT = 2;

    private Seeds() { }

    static SplittableRandom random(long seed, String image, int patch, int purpose) {
        long h = mix(seed);
        h = mix(h ^ image.hashCode());      // String.hashCode is specified, hence stable across JVMs
        h = mix(h ^ patch);
        return new SplittableRandom(mix(h ^ purpose));
    }

    /** SplitMix64's finaliser: a bijection that spreads every input bit over the output. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
