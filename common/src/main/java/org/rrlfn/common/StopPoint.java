package org.rrlfn.common;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a long command stands (a training stage and round, within a sweep's trial), for the one line that says where
 * it stopped when a signal stops it. Each thread sets its own place, since a sweep trains trials on several; a
 * thread's context (its trial) is put before the places it sets.
 */
public final class StopPoint {
    private static final Map<Thread, String> PLACES = new LinkedHashMap<>();
    private static final ThreadLocal<String> CONTEXT = new ThreadLocal<>();

    private StopPoint() { }

    /** What this thread does from now on happens within {@code context} ("trial-001"). */
    public static void context(String context) {
        CONTEXT.set(context);
        clear();
    }

    /** This thread is at {@code place} now ("stage x2-run1 round 3/70"). */
    public static void at(String place) {
        String context = CONTEXT.get();
        synchronized (PLACES) {
            PLACES.put(Thread.currentThread(), context == null ? place : context + " " + place);
        }
    }

    /** This thread is no longer anywhere a stop should name. */
    public static void clear() {
        synchronized (PLACES) {
            PLACES.remove(Thread.currentThread());
        }
    }

    /** Where every live thread stands, in the order they got there; null when nowhere. */
    public static String now() {
        synchronized (PLACES) {
            PLACES.keySet().removeIf(t -> !t.isAlive());
            return PLACES.isEmpty() ? null : String.join(", ", PLACES.values());
        }
    }
}
