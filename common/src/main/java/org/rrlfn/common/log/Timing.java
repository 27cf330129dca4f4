package org.rrlfn.common.log;

import java.util.Arrays;

/** Median wall time of repeated runs after warm-up, as runtime tables report it. */
public final class Timing {
    private Timing() { }

    public static double medianMs(int repeats, Runnable r) {
        return medianMs(1, repeats, r);
    }

    /** Warm-up runs absorb graph building, JIT and native kernel selection. */
    public static double medianMs(int warmups, int repeats, Runnable r) {
        for (int i = 0; i < warmups; i++) r.run();
        double[] t = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long s = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(t);
        return repeats % 2 == 1 ? t[repeats / 2] : (t[repeats / 2 - 1] + t[repeats / 2]) / 2;
    }
}
