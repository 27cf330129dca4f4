package org.rrlfn.jobs.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel's memory figures, read from files in /proc's format. */
class ProcessMemoryTest {
    @Test
    void readsKilobyteFieldsAsBytes(@TempDir Path dir) throws Exception {
        Path status = Files.writeString(dir.resolve("status"), "Name:\tjava\nVmHWM:\t  2048 kB\nVmRSS:\t  1024 kB\n");
        assertEquals(OptionalLong.of(2L << 20), ProcessMemory.field(status, "VmHWM"));
        assertEquals(OptionalLong.of(1L << 20), ProcessMemory.field(status, "VmRSS"));
        assertEquals(OptionalLong.empty(), ProcessMemory.field(status, "VmSwap"));
        assertEquals(OptionalLong.empty(), ProcessMemory.field(dir.resolve("missing"), "VmHWM"));
    }

    /** On Linux: this JVM's peak is at least what it holds now, and the machine has some memory free. */
    @Test
    void thisProcessPeakIsAtLeastItsResidentSet() {
        if (ProcessMemory.resident().isEmpty()) return;
        long now = ProcessMemory.resident().getAsLong();
        assertTrue(ProcessMemory.peakResident().getAsLong() >= now);
        assertTrue(ProcessMemory.available().getAsLong() > 0);
    }
}
