package org.rrlfn.jobs.upscale;

import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.hadoop.fs.Path;

/**
 * Maps an input file to its output file: same relative path below the output folder, extension replaced by the
 * suffix and ".png". Whatever the input name holds (".." components, a leading '/', backslashes, control
 * characters), the result lies inside the output folder or the name is refused.
 */
final class OutputNames {
    /** A name that cannot be mapped safely; the message says why. */
    static final class UnsafeName extends Exception {
        UnsafeName(String message) { super(message); }
    }

    private static final String GLOB = "*?[]{}\\";

    private OutputNames() { }

    /**
     * The folder input names are relative to: the input itself when it is a folder, else the deepest parent without
     * glob characters (for "/data/*.jpg" and for a single file "/data/a.jpg" that is "/data").
     */
    static Path root(Path input, boolean inputIsFolder) {
        Path p = input;
        while (p.getParent() != null && (hasGlob(p.getName()) || p == input && !inputIsFolder)) p = p.getParent();
        return p;
    }

    /** The part of {@code file}'s path below {@code root} (both qualified). */
    static String relative(Path root, Path file) {
        String r = root.toUri().getPath();
        String f = file.toUri().getPath();
        String base = r.endsWith("/") ? r : r + "/";
        return f.startsWith(base) ? f.substring(base.length()) : file.getName();
    }

    /**
     * Normalises {@code relative}: separators '/' or '\', empty and "." components dropped (so an absolute name
     * becomes relative), ".." removes the previous component and may not climb above the top; ':' becomes '_'
     * (HDFS refuses it, and Hadoop paths would read it as a URI scheme).
     */
    static Path resolve(Path outputRoot, String relative, String suffix) throws UnsafeName {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : relative.replace('\\', '/').split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                if (parts.isEmpty()) throw new UnsafeName("name '" + relative + "' climbs out of the output folder");
                parts.removeLast();
                continue;
            }
            if (part.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f))
                throw new UnsafeName("name '" + relative.replaceAll("\\p{Cntrl}", "?") + "' contains control characters");
            parts.addLast(part.replace(':', '_'));
        }
        if (parts.isEmpty()) throw new UnsafeName("name '" + relative + "' is empty after normalisation");
        String file = parts.removeLast();
        int dot = file.lastIndexOf('.');
        String stem = dot > 0 ? file.substring(0, dot) : file;
        parts.addLast(stem + suffix + ".png");
        Path out = new Path(outputRoot, String.join("/", parts));
        String rootPath = outputRoot.toUri().getPath();
        if (!out.toUri().getPath().startsWith(rootPath.endsWith("/") ? rootPath : rootPath + "/"))
            throw new UnsafeName("name '" + relative + "' maps outside the output folder (" + out + ")");
        return out;
    }

    /** Names of {@link #temporary} files, which a killed run may leave. */
    static final java.util.regex.Pattern TEMPORARY = java.util.regex.Pattern.compile("\\..+\\.partial");

    /** The name written while the output is incomplete: hidden (so listings skip it) and beside the final file. */
    static Path temporary(Path output) {
        return new Path(output.getParent(), "." + output.getName() + ".partial");
    }

    private static boolean hasGlob(String name) {
        return name.chars().anyMatch(ch -> GLOB.indexOf(ch) >= 0);
    }
}
