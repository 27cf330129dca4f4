package org.rrlfn.common.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Reports, images and models on the local disk, written under a temporary name and renamed: never half a file. The
 * temporary file is created as any new file is (the umask's mode), so the renamed file has the mode its neighbours
 * have; a full disk is one line naming the file ({@link DiskFull}).
 */
public final class LocalFiles {
    public interface Writer { void write(OutputStream out) throws IOException; }

    /** The temporary names {@link #write} uses; a killed run may leave one. */
    public static final java.util.regex.Pattern TEMPORARY = java.util.regex.Pattern.compile("\\..+\\.tmp");

    private LocalFiles() { }

    public static void write(Path file, Writer writer) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            writer.write(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            DiskFull.throwIfFull(target, e);
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The file behind {@code path} on a local Hadoop file system (the checksummed one or the raw one), else null. */
    public static java.io.File file(FileSystem fs, org.apache.hadoop.fs.Path path) {
        return fs instanceof LocalFileSystem l ? l.pathToFile(path)
                : fs instanceof RawLocalFileSystem r ? r.pathToFile(path) : null;
    }

    public static void writeString(Path file, String text) throws IOException {
        write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
