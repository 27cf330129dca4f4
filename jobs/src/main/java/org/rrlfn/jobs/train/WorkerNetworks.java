package org.rrlfn.jobs.train;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The worker networks an executor JVM keeps between the rounds of a stage, by averaging session and worker slot.
 * A network is taken out while a task trains it (a concurrent attempt of the same slot, e.g. a retry beside a
 * zombie, builds its own), put back when the task succeeds and dropped when it fails, so a kept network is never
 * half-way through a round. Its contents never matter: every round overwrites its whole state.
 */
final class WorkerNetworks {
    private static final Map<Slot, ResidentWorker> IDLE = new ConcurrentHashMap<>();

    private WorkerNetworks() { }

    record Slot(String session, int index) { }

    /** A network in use by one task; exactly one of {@link #giveBack} or {@link #discard} ends it. */
    record Lease(Slot slot, ResidentWorker worker, boolean built) {
        void giveBack() {
            ResidentWorker displaced = IDLE.put(slot, worker);
            if (displaced != null && displaced != worker) displaced.close();
        }

        void discard() { worker.close(); }
    }

    static Lease take(String session, int index, Supplier<ResidentWorker> build) {
        Slot slot = new Slot(session, index);
        ResidentWorker kept = IDLE.remove(slot);
        return kept != null ? new Lease(slot, kept, false) : new Lease(slot, build.get(), true);
    }

    /** Drops the networks of sessions not in {@code live} (stages that ended); returns how many. */
    static int retainOnly(Set<String> live) {
        int n = 0;
        for (Slot s : IDLE.keySet()) if (!live.contains(s.session())) n += drop(s);
        return n;
    }

    /** Drops the networks of one session; returns how many. */
    static int release(String session) {
        int n = 0;
        for (Slot s : IDLE.keySet()) if (s.session().equals(session)) n += drop(s);
        return n;
    }

    /** Networks this JVM keeps now. */
    static int held() { return IDLE.size(); }

    private static int drop(Slot s) {
        ResidentWorker w = IDLE.remove(s);
        if (w == null) return 0;
        w.close();
        return 1;
    }
}
