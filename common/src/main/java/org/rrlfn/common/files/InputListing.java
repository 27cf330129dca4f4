package org.rrlfn.common.files;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.rrlfn.common.UserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input files of a command: a folder (walked recursively) or a glob, on whichever Hadoop file system the URI
 * names. Every entry ends up in exactly one place: a file to try, a skipped entry with the reason (hidden names,
 * symbolic links by {@code rrlfn.files.follow-symlinks}, second paths to a file or folder already listed), or an
 * unreadable one with the reason. Folders of rrlfn's own outputs (those it is writing now, and any holding an
 * output marker) are not inputs and are left out, as are names starting with '_' (Hadoop's metadata files such as
 * _SUCCESS, and the photos' _sources.tsv).
 */
public final class InputListing {
    private static final Logger LOG = LoggerFactory.getLogger(InputListing.class);

    /** A candidate file: its full URI and size. */
    public record InputFile(String path, long length) implements Serializable { }

    /** An entry that is not read, and why. */
    public record Left(String path, String reason) implements Serializable { }

    public record Result(List<InputFile> files, List<Left> skipped, List<Left> unreadable) { }

    private final FileSystem fs;
    private final boolean followLinks;
    private final List<String> excluded;
    private final Map<String, String> seen = new HashMap<>();
    private final List<InputFile> files = new ArrayList<>();
    private final List<Left> skipped = new ArrayList<>();
    private final List<Left> unreadable = new ArrayList<>();

    private InputListing(FileSystem fs, boolean followLinks, List<String> excluded) {
        this.fs = fs;
        this.followLinks = followLinks;
        this.excluded = excluded;
    }

    /**
     * @param key      the setting that named the input, for the error when nothing matches
     * @param excluded folders never read as input (the command's output and temporary folders)
     */
    public static Result list(String input, String key, FileOptions options, Collection<Path> excluded,
                              Configuration conf) throws IOException {
        if (input.isBlank()) throw new UserError(key + " is empty: name a folder or glob of images");
        Path pattern = new Path(input);
        FileSystem fs = pattern.getFileSystem(conf);
        FileStatus[] matches = fs.globStatus(pattern);
        if (matches == null || matches.length == 0)
            throw new UserError(key + " '" + input + "' matches no file or folder");
        InputListing walk = new InputListing(fs, options.followSymlinks(), onThisFileSystem(fs, excluded));
        for (FileStatus m : matches) walk.visit(m, true);
        walk.files.sort(Comparator.comparing(InputFile::path));
        return new Result(walk.files, walk.skipped, walk.unreadable);
    }

    /**
     * The excluded folders' paths on the input's file system; one on another (an hdfs output of local photos, say)
     * cannot lie inside the input, and Hadoop refuses to qualify it there ("Wrong FS").
     */
    private static List<String> onThisFileSystem(FileSystem fs, Collection<Path> excluded) {
        List<String> paths = new ArrayList<>();
        for (Path p : excluded) {
            try {
                paths.add(fs.makeQualified(p).toUri().getPath());
            } catch (IllegalArgumentException otherFileSystem) {
                // not below the input
            }
        }
        return paths;
    }

    /**
     * Refuses an output folder that is the input folder itself, before anything is written: the outputs (and the
     * folder's marker, which makes a folder "not input") would sit among the inputs.
     *
     * @param key the setting that named the output, for the message
     */
    public static void refuseInputAsOutput(String input, String output, String key, Configuration conf)
            throws IOException {
        Path in = new Path(input), out = new Path(output);
        FileSystem fs = in.getFileSystem(conf);
        if (!fs.exists(in) || !fs.getFileStatus(in).isDirectory()) return;
        if (fs.makeQualified(in).equals(out.getFileSystem(conf).makeQualified(out)))
            throw new UserError(key + " is the input folder " + fs.makeQualified(in) + ": the outputs would sit among"
                    + " the inputs; choose another folder, e.g. a subfolder, which the input listing leaves out");
    }

    /**
     * Opens an input file. Local files are read through the raw local file system: its checksumming wrapper builds
     * the name ".<name>.crc" as a Hadoop path, which fails for a name holding ':'; photos have no checksum files.
     */
    public static InputStream open(Path path, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        return (fs instanceof LocalFileSystem l ? l.getRawFileSystem() : fs).open(path);
    }

    private void visit(FileStatus entry, boolean top) {
        Path p = entry.getPath();
        String name = p.getName();
        if (!top && name.startsWith("_")) return;     // Hadoop's metadata convention: _SUCCESS, _sources.tsv, reports
        if (!top && name.startsWith(".")) {
            skip(p, "hidden name (starts with '.')");
            return;
        }
        if (isExcluded(p)) {
            LOG.info("input listing: {} is an output folder of this command, not input", p);
            return;
        }
        File local = localFile(p);
        if (local != null && Files.isSymbolicLink(local.toPath())) {
            if (!followLinks) {
                skip(p, "symbolic link, not followed (" + FileOptions.PATH + ".follow-symlinks = never)");
                return;
            }
            if (!local.exists()) {
                skip(p, "broken symbolic link");
                return;
            }
        }
        if (local != null && !entry.isDirectory() && !Files.isRegularFile(local.toPath())) {
            // A FIFO blocks the reader that opens it until someone writes: decided from the file's type, never opened.
            skip(p, "not a regular file (a FIFO, socket or device): not opened");
            return;
        }
        String identity = identity(p, local);
        String first = seen.putIfAbsent(identity, p.toString());
        if (first != null) {
            skip(p, "the same " + (entry.isDirectory() ? "folder" : "file") + " as " + first
                    + " (reached again through a symbolic link)");
            return;
        }
        if (entry.isFile()) {
            files.add(new InputFile(p.toString(), entry.getLen()));
        } else if (entry.isDirectory()) {
            FileStatus[] children;
            try {
                if (fs.exists(new Path(p, OutputFolder.MARKER))) {
                    LOG.info("input listing: {} is an rrlfn output folder ({}), not input", p, OutputFolder.MARKER);
                    return;
                }
                children = fs.listStatus(p);
            } catch (IOException e) {
                unreadable.add(new Left(p.toString(), "cannot list folder: " + e.getMessage()));
                return;
            }
            Arrays.sort(children);
            for (FileStatus c : children) visit(c, false);
        } else {
            skip(p, "not a regular file or folder");
        }
    }

    private void skip(Path p, String reason) { skipped.add(new Left(p.toString(), reason)); }

    private boolean isExcluded(Path p) {
        String path = p.toUri().getPath();
        for (String e : excluded) if (path.equals(e) || path.startsWith(e.endsWith("/") ? e : e + "/")) return true;
        return false;
    }

    private File localFile(Path p) {
        return fs instanceof LocalFileSystem l ? l.pathToFile(p) : null;
    }

    /** The real file behind a local path (links resolved); other file systems' paths are their own identity. */
    private static String identity(Path p, File local) {
        if (local == null) return p.toString();
        try {
            return local.toPath().toRealPath().toString();
        } catch (IOException e) {
            return p.toString();
        }
    }
}
