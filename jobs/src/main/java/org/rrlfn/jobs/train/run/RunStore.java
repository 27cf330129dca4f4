package org.rrlfn.jobs.train.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.rrlfn.common.files.DiskFull;

/**
 * A run folder on any Hadoop file system. Every file is written under a temporary name and renamed into
 * place (FileContext's overwriting rename is atomic on HDFS and local disks), so a crash never leaves a
 * half-written file under a real name.
 */
public final class RunStore {
    public interface Writer { void write(OutputStream out) throws IOException; }
    public interface Reader<T> { T read(InputStream in) throws IOException; }

    /** Names of the temporary files {@link #writeAtomically} writes; a killed run may leave one. */
    public static final java.util.regex.Pattern TEMPORARY = java.util.regex.Pattern.compile("\\..+\\.tmp-[0-9a-f-]{36}");

    private final Path root;
    private final FileSystem fs;
    private final FileContext fc;

    public RunStore(String uri, Configuration hadoop) throws IOException {
        Path given = new Path(uri);
        this.fs = given.getFileSystem(hadoop);
        // Qualified: "hdfs:///run" (the default name node) must become hdfs://host:port/run, or FileContext's rename
        // refuses the path ("Uri without authority").
        this.root = fs.makeQualified(given);
        this.fc = FileContext.getFileContext(fs.getUri(), hadoop);
        fs.mkdirs(root);
    }

    public Path path(String relative) { return relative.isEmpty() ? root : new Path(root, relative); }

    public URI uri() { return fs.makeQualified(root).toUri(); }

    public void writeAtomically(String relative, Writer writer) throws IOException {
        Path target = path(relative);
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
        fs.mkdirs(target.getParent());
        try (FSDataOutputStream out = fs.create(tmp, true)) {
            writer.write(out);
        } catch (IOException | RuntimeException | FSError e) {   // FSError: Hadoop's local FS on a full disk
            fs.delete(tmp, false);
            DiskFull.throwIfFull(target, e);
            throw e;
        }
        fc.rename(tmp, target, Options.Rename.OVERWRITE);
    }

    public <T> T read(String relative, Reader<T> reader) throws IOException {
        try (InputStream in = fs.open(path(relative))) {
            return reader.read(in);
        }
    }

    /** Why a run file did not read back, on one line (a JSON parser's message goes on with the source's position). */
    public static String reason(Exception e) {
        String m = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + ": " + m;
    }

    public boolean exists(String relative) throws IOException { return fs.exists(path(relative)); }

    public void delete(String relative) throws IOException { fs.delete(path(relative), false); }

    /** Names of the plain files directly in a folder of the run (none if it does not exist). */
    public List<String> list(String relativeDir) throws IOException {
        List<String> names = new ArrayList<>();
        Path dir = path(relativeDir);
        if (!fs.exists(dir)) return names;
        for (FileStatus s : fs.listStatus(dir)) if (s.isFile()) names.add(s.getPath().getName());
        return names;
    }

    public void saveModel(String relative, ComputationGraph g, boolean withUpdater) throws IOException {
        writeAtomically(relative, out -> ModelSerializer.writeModel(g, out, withUpdater));
    }

    public ComputationGraph loadModel(String relative, boolean withUpdater) throws IOException {
        return read(relative, in -> ModelSerializer.restoreComputationGraph(in, withUpdater));
    }
}
