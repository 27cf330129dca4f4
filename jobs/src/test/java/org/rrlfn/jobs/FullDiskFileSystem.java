package org.rrlfn.jobs;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The local disk under the scheme {@code fullfs://}, with only {@link #free} more bytes of space: a write past them
 * fails as Hadoop's local file system fails on a full disk, with an {@link FSError} wrapping
 * {@code IOException("No space left on device")}, and the bytes before it stay in the file. A full tmpfs would need
 * mount privileges that CI may not have. The space is one counter for the JVM (Spark's local executors included).
 */
public final class FullDiskFileSystem extends RawLocalFileSystem {
    public static final String SCHEME = "fullfs";
    /** A driver JVM's space from its start ({@link #driver}). */
    private static final String FREE_PROPERTY = "rrlfn.test.fullfs.free";
    private static final AtomicLong FREE = new AtomicLong(Long.getLong(FREE_PROPERTY, Long.MAX_VALUE));

    /** Makes {@code fullfs://} paths resolve here, for FileSystem and FileContext users alike. */
    public static void register(Configuration conf) {
        conf.set("fs." + SCHEME + ".impl", FullDiskFileSystem.class.getName());
        conf.set("fs.AbstractFileSystem." + SCHEME + ".impl", Context.class.getName());
    }

    /**
     * For a command in its own driver JVM ({@link DriverJvm}): the JVM option that leaves it {@code free} bytes of
     * space, and the key=value arguments that make its Spark context resolve {@code fullfs://} here.
     */
    public static List<List<String>> driver(long free) {
        return List.of(List.of("-D" + FREE_PROPERTY + "=" + free),
                List.of("spark.conf.\"spark.hadoop.fs." + SCHEME + ".impl\"=" + FullDiskFileSystem.class.getName(),
                        "spark.conf.\"spark.hadoop.fs.AbstractFileSystem." + SCHEME + ".impl\"=" + Context.class.getName()));
    }

    /** The same local folder seen through this file system. */
    public static String uri(java.nio.file.Path local) {
        return SCHEME + "://" + local.toAbsolutePath();
    }

    /** Space left from now on; {@code Long.MAX_VALUE}: space freed. */
    public static void free(long bytes) {
        FREE.set(bytes);
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    protected OutputStream createOutputStreamWithMode(Path f, boolean append, FsPermission permission) throws IOException {
        return new FilterOutputStream(super.createOutputStreamWithMode(f, append, permission)) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                long before = FREE.getAndUpdate(free -> Math.max(0, free - len));
                int fits = (int) Math.min(len, before);
                out.write(b, off, fits);
                if (fits < len) throw noSpace();
            }
        };
    }

    /** What Hadoop's local stream throws when the disk is full (FSError's constructor is package-private). */
    private static FSError noSpace() {
        try {
            Constructor<FSError> c = FSError.class.getDeclaredConstructor(Throwable.class);
            c.setAccessible(true);
            return c.newInstance(new IOException("No space left on device"));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** FileContext's view of it (rename with overwrite goes through FileContext). */
    public static final class Context extends DelegateToFileSystem {
        public Context(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(uri, new FullDiskFileSystem(), conf, SCHEME, false);
        }
    }
}
