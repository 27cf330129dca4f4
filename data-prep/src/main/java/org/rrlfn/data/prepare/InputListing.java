package org.rrlfn.data.prepare;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.rrlfn.model.config.Settings;

/** The input files: a folder (recursively) or a glob, on whichever Hadoop file system the URI names. */
public final class InputListing {
    /** A candidate image: its full URI and size. */
    public record InputFile(String path, long length) implements java.io.Serializable { }

    private InputListing() { }

    /** Sorted by path; names starting with '.' or '_' (hidden, _SUCCESS, temp folders) are skipped, as Hadoop does. */
    public static List<InputFile> list(String input, Configuration conf) throws IOException {
        return list(input, conf, PrepareSettings.PATH + ".input");
    }

    /** As {@link #list(String, Configuration)}; {@code key} names the setting in the error for an empty match. */
    public static List<InputFile> list(String input, Configuration conf, String key) throws IOException {
        Path pattern = new Path(input);
        FileSystem fs = pattern.getFileSystem(conf);
        FileStatus[] matches = fs.globStatus(pattern);
        if (matches == null || matches.length == 0)
            throw new Settings.Invalid(key + " '" + input + "' matches no file or folder");
        List<InputFile> out = new ArrayList<>();
        for (FileStatus m : matches) {
            if (m.isDirectory()) {
                RemoteIterator<LocatedFileStatus> it = fs.listFiles(m.getPath(), true);
                while (it.hasNext()) {
                    LocatedFileStatus f = it.next();
                    if (f.isFile() && visible(f.getPath(), m.getPath())) out.add(new InputFile(f.getPath().toString(), f.getLen()));
                }
            } else if (m.isFile() && !hidden(m.getPath().getName())) {
                out.add(new InputFile(m.getPath().toString(), m.getLen()));
            }
        }
        out.sort(java.util.Comparator.comparing(InputFile::path));
        return out;
    }

    /** No component below the matched folder is hidden (the folder itself may be, e.g. ~/.cache/photos). */
    private static boolean visible(Path file, Path root) {
        String rel = file.toUri().getPath().substring(root.toUri().getPath().length());
        for (String part : rel.split("/")) if (hidden(part)) return false;
        return true;
    }

    private static boolean hidden(String name) {
        return name.startsWith(".") || name.startsWith("_");
    }
}
