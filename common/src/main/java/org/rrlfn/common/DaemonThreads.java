package org.rrlfn.common;

import java.util.concurrent.ThreadFactory;

/**
 * Threads for background chores (heartbeats, progress lines, read-ahead) that must never keep a finished JVM alive,
 * named so a thread dump says whose they are.
 */
public final class DaemonThreads {
    private DaemonThreads() { }

    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
