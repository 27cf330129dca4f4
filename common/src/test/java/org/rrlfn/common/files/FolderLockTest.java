package org.rrlfn.common.files;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.UserError;

/** The lock within one JVM; two driver JVMs on one run folder are TwoDriversTest's (jobs). */
class FolderLockTest {
    @TempDir File dir;

    private FileSystem fs() throws Exception {
        return FileSystem.getLocal(new Configuration());
    }

    @Test
    void aHeldLockRefusesASecondTakerNamingItsOwner() throws Exception {
        Path folder = new Path(dir.toURI());
        try (FolderLock first = FolderLock.acquire(fs(), folder, "train", Duration.ofSeconds(120))) {
            UserError e = assertThrows(UserError.class,
                    () -> FolderLock.acquire(fs(), folder, "train", Duration.ofSeconds(120)));
            assertTrue(e.getMessage().contains("locked by rrlfn train (pid " + ProcessHandle.current().pid()), e.getMessage());
        }
        assertDoesNotThrow(() -> FolderLock.acquire(fs(), folder, "train", Duration.ofSeconds(120)).close());
    }

    @Test
    void aLockWithoutHeartbeatIsTakenOver() throws Exception {
        File lock = new File(dir, FolderLock.NAME);
        Files.writeString(lock.toPath(), "{\"token\":\"dead\",\"command\":\"train\",\"pid\":1}");
        assertTrue(lock.setLastModified(System.currentTimeMillis() - 600_000));
        try (FolderLock taken = FolderLock.acquire(fs(), new Path(dir.toURI()), "train", Duration.ofSeconds(120))) {
            assertFalse(Files.readString(lock.toPath()).contains("dead"));
            taken.ensureHeld();
        }
    }

    @Test
    void aLockOfAnEndedProcessOfThisHostIsTakenOverAtOnce() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        File lock = new File(dir, FolderLock.NAME);
        Files.writeString(lock.toPath(), "{\"token\":\"killed\",\"command\":\"train\",\"pid\":" + ended.pid()
                + ",\"host\":\"" + java.net.InetAddress.getLocalHost().getHostName() + "\"}");
        try (FolderLock taken = FolderLock.acquire(fs(), new Path(dir.toURI()), "train", Duration.ofSeconds(120))) {
            assertFalse(Files.readString(lock.toPath()).contains("killed"));
        }
        Files.writeString(lock.toPath(), "{\"token\":\"elsewhere\",\"command\":\"train\",\"pid\":" + ended.pid()
                + ",\"host\":\"another-host\"}");
        assertThrows(UserError.class, () -> FolderLock.acquire(fs(), new Path(dir.toURI()), "train",
                Duration.ofSeconds(120)), "another host's process is judged by its heartbeat");
    }

    @Test
    void aLockTakenAwayIsNoticedBeforeTheNextCommit() throws Exception {
        Path folder = new Path(dir.toURI());
        try (FolderLock lock = FolderLock.acquire(fs(), folder, "train", Duration.ofSeconds(120), Duration.ofMillis(50))) {
            Files.writeString(new File(dir, FolderLock.NAME).toPath(), "{\"token\":\"someone else\"}");
            long until = System.currentTimeMillis() + 5000;
            while (System.currentTimeMillis() < until) {
                try {
                    lock.ensureHeld();
                    Thread.sleep(20);
                } catch (UserError e) {
                    assertTrue(e.getMessage().contains("another process holds it now"), e.getMessage());
                    assertTrue(new File(dir, FolderLock.NAME).exists(), "the other owner's lock is not removed");
                    return;
                }
            }
            throw new AssertionError("the lost lock was not noticed");
        }
    }
}
