package org.rrlfn.jobs.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Memory figures the Linux kernel keeps: this process's resident set (/proc/self/status) and the machine's
 * (/proc/meminfo). Elsewhere (no /proc) they are empty.
 */
public final class ProcessMemory {
    private ProcessMemory() { }

    /** Peak resident set of this process so far (VmHWM), in bytes. */
    public static OptionalLong peakResident() { return field(Path.of("/proc/self/status"), "VmHWM"); }

    /** Resident set of this process now (VmRSS), in bytes. */
    public static OptionalLong resident() { return field(Path.of("/proc/self/status"), "VmRSS"); }

    /** Memory the kernel can give new allocations without swapping (MemAvailable), in bytes. */
    public static OptionalLong available() { return field(Path.of("/proc/meminfo"), "MemAvailable"); }

    /** The value of a "Name:   1234 kB" line, in bytes. */
    static OptionalLong field(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (!line.startsWith(name + ":")) continue;
                String[] parts = line.substring(name.length() + 1).trim().split("\\s+");
                long kb = Long.parseLong(parts[0]);
                return OptionalLong.of(parts.length > 1 && parts[1].equals("kB") ? kb << 10 : kb);
            }
            return OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
