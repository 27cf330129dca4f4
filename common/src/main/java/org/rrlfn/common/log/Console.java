package org.rrlfn.common.log;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Progress lines for people watching a job: time-stamped, on stdout, independent of Spark's log settings. */
public final class Console {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Console() { }

    public static void info(String format, Object... args) {
        System.out.println(LocalTime.now().format(TIME) + " " + String.format(format, args));
        System.out.flush();
    }

    /** 75 -> "1m15s"; rounds to whole seconds. */
    public static String duration(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        if (s >= 3600) return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
        if (s >= 60) return String.format("%dm%02ds", s / 60, s % 60);
        return s + "s";
    }
}
