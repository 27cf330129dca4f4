package org.rrlfn.common.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import org.apache.hadoop.fs.FSError;
import org.junit.jupiter.api.Test;

class DiskFullTest {

    @Test
    void hadoopsLocalFullDiskIsOneLineNamingTheFile() throws Exception {
        Constructor<FSError> c = FSError.class.getDeclaredConstructor(Throwable.class);
        c.setAccessible(true);   // package-private: only Hadoop's local streams make one
        FSError full = c.newInstance(new IOException("No space left on device"));
        DiskFull d = DiskFull.of("/run/stages/s/ckpt-r2.zip", full);
        assertEquals("cannot write /run/stages/s/ckpt-r2.zip: no space left (FSError: java.io.IOException: No space left"
                + " on device); free space, then run the same command again: what was committed stays",
                d.getMessage());
        assertSame(d, DiskFull.in(new RuntimeException("Job aborted", new RuntimeException(d))), "found under Spark's");
        assertSame(d, DiskFull.of("/elsewhere", d), "the innermost writer's name is kept");
    }

    @Test
    void aQuotaIsAFullDiskAndOtherFailuresAreNot() {
        class DSQuotaExceededException extends IOException {
            DSQuotaExceededException() { super("The DiskSpace quota of /user/x is exceeded: quota = 1 B\n more"); }
        }
        String quota = DiskFull.of("f", new DSQuotaExceededException()).getMessage();
        assertTrue(quota.contains("quota of /user/x is exceeded: quota = 1 B); free space"), "its first line: " + quota);
        assertNull(DiskFull.of("f", new IOException("Permission denied")));
        assertNull(DiskFull.in(new RuntimeException("x")));
    }
}
