package org.rrlfn.common.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.rrlfn.common.DaemonThreads;
import org.rrlfn.common.UserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive lock on a folder of any Hadoop file system: the file {@value #NAME}, created exclusively, holding its
 * owner (command, user, host, pid, a random token). The owner touches it every {@link #HEARTBEAT}; a lock whose
 * last touch is older than the stale limit belongs to a dead process and is taken over, with a message. A heartbeat
 * that finds another owner's token marks this lock lost, and {@link #ensureHeld()} stops the command before its next
 * commit.
 */
public final class FolderLock implements Closeable {
    public static final String NAME = ".rrlfn-lock";
    public static final Duration HEARTBEAT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(FolderLock.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileSystem fs;
    private final Path file;
    private final String token;
    private final ScheduledExecutorService beat;
    private volatile String lost;

    private FolderLock(FileSystem fs, Path file, String token, Duration heartbeat) {
        this.fs = fs;
        this.file = file;
        this.token = token;
        this.beat = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("rrlfn-lock-heartbeat"));
        long ms = heartbeat.toMillis();
        beat.scheduleWithFixedDelay(this::touch, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Takes the lock of {@code folder} (which must exist) for {@code command}, or says who holds it. */
    public static FolderLock acquire(FileSystem fs, Path folder, String command, Duration stale) throws IOException {
        return acquire(fs, folder, command, stale, HEARTBEAT);
    }

    static FolderLock acquire(FileSystem fs, Path folder, String command, Duration stale, Duration heartbeat)
            throws IOException {
        Path file = new Path(folder, NAME);
        String token = UUID.randomUUID().toString();
        byte[] owner = JSON.writeValueAsBytes(Map.of("token", token, "command", command,
                "user", System.getProperty("user.name"), "host", host(), "pid", ProcessHandle.current().pid(),
                "started", Instant.now().toString()));
        for (int attempt = 0; attempt < 3; attempt++) {
            if (createExclusive(fs, file, owner)) return new FolderLock(fs, file, token, heartbeat);
            FileStatus held;
            try {
                held = fs.getFileStatus(file);
            } catch (FileNotFoundException released) {
                continue;
            }
            Duration age = Duration.ofMillis(Math.max(0, System.currentTimeMillis() - held.getModificationTime()));
            Map<String, Object> holder = holder(fs, file);
            String who = describe(holder, file);
            boolean ownerDead = deadOnThisHost(holder);
            if (age.compareTo(stale) < 0 && !ownerDead)
                throw new UserError(folder + " is in use: locked by " + who + ", last heartbeat " + age.toSeconds()
                        + " s ago. Wait for it to finish; a lock without a heartbeat for " + stale.toSeconds()
                        + " s (" + FileOptions.PATH + ".lock-stale-seconds) is taken over.");
            // Renaming is atomic: of two processes taking over the same stale lock, one gets it.
            Path grabbed = new Path(folder, NAME + ".stale-" + token);
            if (fs.rename(file, grabbed)) {
                LOG.warn("taking over the lock of {}: its owner {} {}", folder, who, ownerDead
                        ? "is no longer running on this host" : "gave no heartbeat for " + age.toSeconds() + " s");
                fs.delete(grabbed, false);
            }
        }
        throw new UserError(folder + " is in use: its lock " + file + " changed hands three times while "
                + command + " tried to take it");
    }

    /** Stops the command if another process took the lock over (this one was thought dead). */
    public void ensureHeld() {
        if (lost != null) throw new UserError("lost the lock of " + file.getParent() + ": " + lost
                + "; stopped before writing more");
    }

    /** Releases the lock if it is still this process's. */
    @Override
    public void close() throws IOException {
        beat.shutdownNow();
        if (lost == null && token.equals(ownerToken())) fs.delete(file, false);
    }

    private void touch() {
        try {
            String now = ownerToken();
            if (!token.equals(now)) {
                lost = now == null ? "its lock file was removed" : "another process holds it now";
                LOG.error("lock of {}: {}", file.getParent(), lost);
                beat.shutdown();
                return;
            }
            fs.setTimes(file, System.currentTimeMillis(), -1);
        } catch (IOException e) {
            LOG.warn("lock of {}: heartbeat failed ({}), retrying", file.getParent(), e.getMessage());
        }
    }

    private String ownerToken() throws IOException {
        try (InputStream in = fs.open(file)) {
            Object token = owner(in).get("token");
            return token == null ? null : token.toString();
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    /**
     * Hadoop's local file system checks "exists" and then creates, which two processes can both pass; the JDK's
     * CREATE_NEW is one atomic system call. On HDFS and object stores, create without overwrite is atomic itself.
     */
    private static boolean createExclusive(FileSystem fs, Path file, byte[] content) throws IOException {
        java.io.File local = LocalFiles.file(fs, file);
        if (local != null) {
            try {
                Files.write(local.toPath(), content, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }
        try (FSDataOutputStream out = fs.create(file, false)) {
            out.write(content);
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            if (fs.exists(file)) return false;    // HDFS reports a lost create race as a RemoteException
            throw e;
        }
    }

    /**
     * A lock left by a process of this host that has ended (killed, crashed): taken over at once, so that re-running
     * a killed command does not wait for the stale limit. Owners on other hosts are judged by their heartbeat only.
     */
    private static boolean deadOnThisHost(Map<String, Object> holder) {
        if (!host().equals(holder.get("host")) || !(holder.get("pid") instanceof Number pid)) return false;
        return ProcessHandle.of(pid.longValue()).map(p -> !p.isAlive()).orElse(true);
    }

    private static String describe(Map<String, Object> holder, Path file) {
        if (holder.isEmpty()) return "an unreadable lock file " + file;
        return "rrlfn " + holder.getOrDefault("command", "?") + " (pid " + holder.getOrDefault("pid", "?") + " on "
                + holder.getOrDefault("host", "?") + ", user " + holder.getOrDefault("user", "?") + ", started "
                + holder.getOrDefault("started", "?") + ")";
    }

    /** The held lock's fields; none if it cannot be read (then only its age counts). */
    private static Map<String, Object> holder(FileSystem fs, Path file) {
        try (InputStream in = fs.open(file)) {
            return owner(in);
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    /**
     * The lock file's fields. Read as a plain map, not a JsonNode tree: under spark-submit, Spark's own jackson-core
     * comes first on the class path and lacks a class that jackson-databind's tree model needs.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> owner(InputStream in) throws IOException {
        return JSON.readValue(in, Map.class);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

}
