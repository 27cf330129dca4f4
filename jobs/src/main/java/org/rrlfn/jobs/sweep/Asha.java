package org.rrlfn.jobs.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Asynchronous successive halving (Li et al., "A System for Massively Parallel Hyperparameter Tuning", MLSys 2020,
 * algorithm 2), as decisions only: no training, no threads, no files. Rung k is at {@code rungSteps[k]} training
 * steps. Whenever a slot is free, {@link #next} looks from the highest rung below the top down to rung 0 for a trial in
 * the top ⌊n/η⌋ of the n trials that have reached that rung and has not been promoted from it yet, and promotes it
 * (trains it on to the next rung); with none, it starts the next new trial; with no new trial left it waits for a
 * running one, or is done. A trial never promoted from the rung it last reached is stopped there.
 * Ties in PSNR rank the lower trial index first, so the decisions depend only on the order of events.
 */
public final class Asha {
    /** What a free slot does next. */
    public sealed interface Decision permits Run, Wait, Done { }

    /** Train {@code trial} to rung {@code rung} (rung 0: a new trial, from scratch). */
    public record Run(int trial, int rung) implements Decision { }

    /** Nothing to do until a running trial reports. */
    public record Wait() implements Decision { }

    /** Every trial has been started and none is running or promotable. */
    public record Done() implements Decision { }

    private final List<Long> rungSteps;
    private final int eta;
    private final int trials;
    /** Per rung: trial → validation PSNR there, in the order they arrived. */
    private final List<Map<Integer, Double>> scores = new ArrayList<>();
    /** Per rung: trials promoted from it. */
    private final List<Set<Integer>> promoted = new ArrayList<>();
    /** Trial → the rung it is training towards. */
    private final Map<Integer, Integer> running = new LinkedHashMap<>();
    private int started;

    /**
     * @param rungSteps increasing step counts, the last the trial's full length
     * @param eta       the reduction factor, at least 2
     * @param trials    how many trials may be started
     */
    public Asha(List<Long> rungSteps, int eta, int trials) {
        if (rungSteps.isEmpty() || eta < 2 || trials < 1) throw new IllegalArgumentException("rungs " + rungSteps + ", eta " + eta);
        this.rungSteps = List.copyOf(rungSteps);
        this.eta = eta;
        this.trials = trials;
        for (int k = 0; k < rungSteps.size(); k++) {
            scores.add(new LinkedHashMap<>());
            promoted.add(new HashSet<>());
        }
    }

    /**
     * Rung steps min·η^k below {@code total}, then {@code total}: the last rung is a trial's whole schedule.
     */
    public static List<Long> rungs(long min, int eta, long total) {
        List<Long> out = new ArrayList<>();
        for (long s = min; s < total; s *= eta) out.add(s);
        out.add(total);
        return out;
    }

    public List<Long> rungSteps() { return rungSteps; }

    public int top() { return rungSteps.size() - 1; }

    /** Takes the next decision; a {@link Run} counts as running until {@link #report}ed. */
    public Decision next() {
        for (int k = top() - 1; k >= 0; k--) {
            List<Integer> ranked = ranked(k);
            for (int t : ranked.subList(0, ranked.size() / eta))
                if (promoted.get(k).add(t)) {
                    running.put(t, k + 1);
                    return new Run(t, k + 1);
                }
        }
        if (started < trials) {
            running.put(started, 0);
            return new Run(started++, 0);
        }
        return running.isEmpty() ? new Done() : new Wait();
    }

    /** {@code trial} reached {@code rung} (the one it was sent to) with this validation PSNR. */
    public void report(int trial, int rung, double psnr) {
        Integer target = running.get(trial);
        if (target == null || target != rung)
            throw new IllegalStateException("trial " + trial + " reported rung " + rung + " but was sent to " + target);
        running.remove(trial);
        scores.get(rung).put(trial, psnr);
    }

    /** Trials sent to a rung that have not reported yet, in the order they were sent. */
    public Map<Integer, Integer> running() { return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(running)); }

    /** Trials that reached rung k, best PSNR first (ties: lower index first). */
    List<Integer> ranked(int k) {
        Map<Integer, Double> s = scores.get(k);
        return s.keySet().stream().sorted(Comparator.comparingDouble((Integer t) -> -s.get(t))
                .thenComparingInt(t -> t)).toList();
    }
}
