package org.rrlfn.jobs.upscale;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;
import org.rrlfn.jobs.inference.TileEngine;

/**
 * Loaded engines kept per executor JVM between tasks. Each image is its own Spark task (so progress advances per
 * image); without the pool every image would reload the network. An engine is lent to one task at a time.
 */
final class EnginePool {
    private static final Map<Long, ConcurrentLinkedDeque<TileEngine>> IDLE = new ConcurrentHashMap<>();

    private EnginePool() { }

    /** @param model the broadcast id of the shipped model, so a later job with another model never gets this one */
    static TileEngine borrow(long model, Supplier<TileEngine> open) {
        TileEngine e = IDLE.computeIfAbsent(model, k -> new ConcurrentLinkedDeque<>()).pollFirst();
        return e != null ? e : open.get();
    }

    static void giveBack(long model, TileEngine engine) {
        IDLE.computeIfAbsent(model, k -> new ConcurrentLinkedDeque<>()).addFirst(engine);
    }

    /** Closes this JVM's idle engines of a finished job (the driver's, which are all of them under local[N]). */
    static void release(long model) {
        ConcurrentLinkedDeque<TileEngine> idle = IDLE.remove(model);
        if (idle != null) idle.forEach(TileEngine::close);
    }
}
