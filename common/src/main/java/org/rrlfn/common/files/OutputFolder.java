package org.rrlfn.common.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.rrlfn.common.UserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder a command writes, claimed before anything is written and locked while the command runs. The marker
 * {@value #MARKER} says which command made the folder. A command writes into a folder that is new, empty, marked as
 * its own, or recognisably made by an earlier rrlfn of the same command; into any other non-empty folder only with
 * {@code rrlfn.outputs.adopt-non-empty = true}, and then the entries it found there are recorded as foreign and never
 * replaced or deleted.
 */
public final class OutputFolder implements Closeable {
    public static final String MARKER = ".rrlfn-output.json";
    private static final Logger LOG = LoggerFactory.getLogger(OutputFolder.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final FileSystem fs;
    private final Path root;
    private final Set<String> foreign;
    private final FolderLock lock;

    private OutputFolder(FileSystem fs, Path root, Set<String> foreign, FolderLock lock) {
        this.fs = fs;
        this.root = root;
        this.foreign = foreign;
        this.lock = lock;
    }

    /**
     * @param key    the setting that named the folder, for messages
     * @param legacy entry names that show an earlier rrlfn of this command made the folder before markers existed
     */
    public static OutputFolder claim(String uri, String command, String key, Set<String> legacy, FileOptions options,
                                     Configuration hadoop) throws IOException {
        Path given = new Path(uri);
        FileSystem fs = given.getFileSystem(hadoop);
        Path root = fs.makeQualified(given);
        if (fs.exists(root) && !fs.getFileStatus(root).isDirectory())
            throw new UserError(key + " " + root + " is a file, not a folder");
        Marker marker = readMarker(fs, root);
        if (marker != null && !marker.command.equals(command))
            throw new UserError(key + " " + root + " was made by rrlfn " + marker.command + " (" + MARKER
                    + "), not by rrlfn " + command + ": choose another folder");
        List<String> present = marker != null ? List.of() : entries(fs, root);
        boolean earlier = present.stream().anyMatch(legacy::contains);
        if (marker == null && !present.isEmpty() && !earlier && !options.adoptNonEmpty())
            throw new UserError(key + " " + root + " is not empty (" + sample(present) + ") and was not made by rrlfn "
                    + command + ": choose a new or empty folder, or set " + FileOptions.PATH + ".adopt-non-empty = true"
                    + " to write beside those files (they are never replaced or deleted)");
        fs.mkdirs(root);
        FolderLock lock = FolderLock.acquire(fs, root, command, options.lockStale());
        try {
            if (marker == null) {
                marker = new Marker(command, Instant.now().toString(), earlier ? new TreeSet<>() : new TreeSet<>(present));
                writeMarker(fs, root, marker);
                if (earlier) LOG.info("{}: made by an earlier rrlfn {}; marked as its output now", root, command);
                else if (!present.isEmpty()) LOG.warn("{}: writing beside {} entries that were there before; they are"
                        + " left untouched", root, present.size());
            }
            return new OutputFolder(fs, root, marker.foreign, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    public Path root() { return root; }

    public FileSystem fs() { return fs; }

    /** Whether the top-level entry {@code name} was there before this command claimed the folder. */
    public boolean isForeign(String name) { return foreign.contains(name); }

    /** Throws unless this process still holds the folder's lock; call before committing results. */
    public void ensureLocked() { lock.ensureHeld(); }

    /**
     * Deletes what a killed run of this command left behind: entries anywhere below the folder whose names match
     * {@code temporary}. Safe because the lock is held, so no live run is writing them.
     */
    public void removeStale(Pattern temporary) throws IOException {
        List<Path> stale = new ArrayList<>();
        collect(root, temporary, stale, true);
        for (Path p : stale) {
            LOG.info("removing {}, left by an interrupted earlier run", p);
            fs.delete(p, true);
        }
    }

    private void collect(Path dir, Pattern temporary, List<Path> out, boolean top) throws IOException {
        for (FileStatus s : fs.listStatus(dir)) {
            String name = s.getPath().getName();
            if (top && foreign.contains(name)) continue;
            if (temporary.matcher(name).matches()) out.add(s.getPath());
            else if (s.isDirectory()) collect(s.getPath(), temporary, out, false);
        }
    }

    @Override
    public void close() throws IOException { lock.close(); }

    /** Top-level entries, our own bookkeeping files aside. */
    private static List<String> entries(FileSystem fs, Path root) throws IOException {
        List<String> names = new ArrayList<>();
        if (!fs.exists(root)) return names;
        for (FileStatus s : fs.listStatus(root)) {
            String n = s.getPath().getName();
            if (!bookkeeping(n)) names.add(n);
        }
        names.sort(null);
        return names;
    }

    /** The lock, the marker, their temporary names and Hadoop's .crc files of them: a claim in progress. */
    private static boolean bookkeeping(String name) {
        String n = name.startsWith("..") ? name.substring(1) : name;
        return n.startsWith(FolderLock.NAME) || n.startsWith(MARKER);
    }

    private static String sample(List<String> names) {
        return String.join(", ", names.subList(0, Math.min(3, names.size()))) + (names.size() > 3 ? ", …" : "");
    }

    private static Marker readMarker(FileSystem fs, Path root) throws IOException {
        Path p = new Path(root, MARKER);
        if (!fs.exists(p)) return null;
        try (InputStream in = fs.open(p)) {
            return JSON.readValue(in, Marker.class);
        } catch (IOException e) {
            throw new UserError(p + " is damaged (" + e.getMessage() + "): it says which rrlfn command owns the"
                    + " folder; delete it only if you know the folder holds nothing else of yours");
        }
    }

    private static void writeMarker(FileSystem fs, Path root, Marker m) throws IOException {
        Path tmp = new Path(root, MARKER + ".tmp");
        try (OutputStream out = fs.create(tmp, true)) {
            JSON.writeValue(out, m);
        }
        if (!fs.rename(tmp, new Path(root, MARKER))) throw new IOException("cannot rename " + tmp + " into place");
    }

    /** The marker's content; public fields for Jackson. */
    public static final class Marker {
        public String command;
        public String created;
        /** Top-level entries that were in the folder when it was adopted. */
        public TreeSet<String> foreign = new TreeSet<>();

        public Marker() { }

        Marker(String command, String created, TreeSet<String> foreign) {
            this.command = command;
            this.created = created;
            this.foreign = foreign;
        }

    }
}
