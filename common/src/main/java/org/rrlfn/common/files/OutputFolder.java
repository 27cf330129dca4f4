package org.rrlfn.common.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.rrlfn.common.UserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder a command writes, claimed before anything is written and locked while the command runs. The marker
 * {@value #MARKER} is the only thing that makes a folder rrlfn's: it says which command made it. A command writes into
 * a folder that is new, empty or marked as its own; into any other non-empty folder only with
 * {@code rrlfn.files.adopt-non-empty = true}, and then the entries it found there are recorded as foreign and never
 * written, replaced or deleted: a foreign entry with a name the command writes stops it (see {@link Kind#writes}),
 * and commands with names taken from their inputs (upscale) ask {@link #refusal} per output. Nothing is written
 * through a symbolic link inside the folder: a claim refuses a folder holding one among its own entries, and
 * {@link #linkOnTheWay} checks again just before a write.
 */
public final class OutputFolder implements Closeable {
    public static final String MARKER = ".rrlfn-output.json";
    private static final Logger LOG = LoggerFactory.getLogger(OutputFolder.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What a command writes into its folder.
     *
     * @param writes    top-level names the command may write (an adopted entry matching it stops the claim)
     * @param temporary names of the temporary files and folders a killed run of the command leaves, anywhere below
     */
    public record Kind(String command, Pattern writes, Pattern temporary) { }

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
     * Claims and locks the folder, then walks what the command owns there: temporaries of a killed run are removed
     * (safe: the lock is held, so no live run writes them), and a symbolic link stops the command.
     *
     * @param key the setting that named the folder, for messages
     */
    public static OutputFolder claim(String uri, String key, Kind kind, FileOptions options, Configuration hadoop)
            throws IOException {
        String command = kind.command();
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
        if (marker == null && !present.isEmpty() && !options.adoptNonEmpty())
            throw new UserError(key + " " + root + " is not empty (" + sample(present) + ") and has no " + MARKER
                    + " of rrlfn " + command + ": choose a new or empty folder, or set " + FileOptions.PATH
                    + ".adopt-non-empty = true to write beside those files (they are never written, replaced or deleted)");
        Set<String> foreign = marker != null ? marker.foreign : new TreeSet<>(present);
        List<String> taken = foreign.stream().filter(n -> kind.writes().matcher(n).matches()).toList();
        if (!taken.isEmpty())
            throw new UserError(key + " " + root + " held " + sample(taken) + " before rrlfn " + command
                    + " adopted it, and rrlfn " + command + " writes that name: it never writes what was there before;"
                    + " move it away or choose another folder");
        FolderLock lock;
        try {
            mkdirs(fs, root);
            lock = FolderLock.acquire(fs, root, command, options.lockStale());
        } catch (IOException e) {
            throw cannotWrite(key, root, e);
        }
        try {
            if (marker == null) {
                marker = new Marker(command, Instant.now().toString(), new TreeSet<>(present));
                writeMarker(fs, root, marker);
                if (!present.isEmpty()) LOG.warn("{}: writing beside {} entries that were there before; they are"
                        + " left untouched", root, present.size());
            }
            OutputFolder folder = new OutputFolder(fs, root, marker.foreign, lock);
            folder.tidy(key, kind.temporary());
            return folder;
        } catch (IOException | FSError e) {     // FSError: Hadoop's local file system on a full disk
            lock.close();
            throw cannotWrite(key, root, e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Makes the folder; Hadoop's local mkdirs answers false without a reason, which the JDK's call then gives. */
    private static void mkdirs(FileSystem fs, Path root) throws IOException {
        if (fs.mkdirs(root)) return;
        java.io.File local = LocalFiles.file(fs, root);
        if (local == null) throw new IOException("the file system did not make it");
        Files.createDirectories(local.toPath());
    }

    /**
     * A folder the file system will not let us make or write (a parent that is a file, a name too long, no permission,
     * an immutable or read-only folder, a full disk): one line naming the key, exit 2.
     */
    private static UserError cannotWrite(String key, Path root, Throwable e) {
        DiskFull full = DiskFull.of(root, e);
        if (full != null) return full;
        return new UserError(key + " " + root + " cannot be written (" + e.getClass().getSimpleName() + ": "
                + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "): choose another folder or make this"
                + " one writable", e);
    }

    public Path root() { return root; }

    public FileSystem fs() { return fs; }

    /** Whether the top-level entry {@code name} was there before this command claimed the folder. */
    public boolean isForeign(String name) { return foreign.contains(name); }

    /** Throws unless this process still holds the folder's lock; call before committing results. */
    public void ensureLocked() { lock.ensureHeld(); }

    /**
     * Why {@code target} (a path below the folder) must not be written, or null: its top-level entry was there before
     * the folder was adopted, or the way to it passes a symbolic link.
     */
    public String refusal(Path target) throws IOException {
        String top = relative(root, target).split("/", 2)[0];
        if (foreign.contains(top))
            return root + "/" + top + " was there before rrlfn adopted the folder: it is never written";
        Path link = linkOnTheWay(fs, root, target);
        return link == null ? null : linkMessage(link);
    }

    /**
     * The first existing symbolic link on the way from {@code root} down to {@code target} (target included, root
     * not: the user chose it), or null. Local file systems only: Hadoop's other file systems have links disabled.
     */
    public static Path linkOnTheWay(FileSystem fs, Path root, Path target) {
        if (!(fs instanceof LocalFileSystem local)) return null;
        java.nio.file.Path base = local.pathToFile(root).toPath();
        java.nio.file.Path p = base;
        for (String part : relative(root, target).split("/")) {
            if (part.isEmpty()) continue;
            p = p.resolve(part);
            if (Files.isSymbolicLink(p)) return new Path(root, base.relativize(p).toString());
        }
        return null;
    }

    public static String linkMessage(Path link) {
        return link + " is a symbolic link inside an output folder; rrlfn never writes through one (the files would"
                + " land elsewhere): replace it by a folder or remove it";
    }

    private static String relative(Path root, Path target) {
        String r = root.toUri().getPath(), t = target.toUri().getPath();
        String base = r.endsWith("/") ? r : r + "/";
        if (!t.startsWith(base)) throw new IllegalArgumentException(target + " is not below " + root);
        return t.substring(base.length());
    }

    /** Removes a killed run's temporaries and refuses links, among the entries this command owns. */
    private void tidy(String key, Pattern temporary) throws IOException {
        List<Path> stale = new ArrayList<>();
        collect(key, root, temporary, stale, true);
        for (Path p : stale) {
            LOG.info("removing {}, left by an interrupted earlier run", p);
            fs.delete(p, true);
        }
    }

    private void collect(String key, Path dir, Pattern temporary, List<Path> out, boolean top) throws IOException {
        for (FileStatus s : fs.listStatus(dir)) {
            String name = s.getPath().getName();
            if (top && (foreign.contains(name) || bookkeeping(name))) continue;
            if (linkOnTheWay(fs, dir, s.getPath()) != null)
                throw new UserError(key + ": " + linkMessage(s.getPath()));
            if (temporary.matcher(name).matches()) out.add(s.getPath());
            else if (s.isDirectory()) collect(key, s.getPath(), temporary, out, false);
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
