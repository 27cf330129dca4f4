package org.rrlfn.model.torch;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one place libtorch is loaded, and the bridge between ND4J's arrays and torch's tensors.
 *
 * <p>Loading: ND4J's backend first, then libtorch, once per JVM. Both are JavaCPP presets on one javacpp (1.5.13)
 * and share one libgomp and one OpenBLAS (either load order ran, ../shared/libtorch-java/NOTES.md).
 *
 * <p>The presets' natives are first unpacked, all of them, into JavaCPP's cache, and only then loaded. Loaded as the
 * preset lists them, {@code libtorch.so} comes before {@code libtorch_cpu.so} is unpacked, so on a JVM's very first
 * start (an empty cache) the dynamic linker looks for its {@code libtorch_cpu.so} outside the cache: where a system
 * libtorch is installed (Debian's python3-torch, which CI and the PyTorch cross-checks install) it loads that one,
 * libtorch 1.13 beside 2.10's libc10, and the JVM dies with SIGSEGV in {@code pthread_mutex_lock} inside
 * {@code global.torch.<clinit>} (reproduced on 3 of 3 cold starts; without a system libtorch the lookup just
 * fails and JavaCPP retries, which is why only some machines saw it). Unpacked first, every library finds its
 * neighbours through its {@code $ORIGIN} run path.
 */
public final class Torch {
    private static boolean loaded;

    private Torch() { }

    /** Loads libtorch (after ND4J's backend) if this JVM has not yet; every torch call of the project goes after it. */
    public static synchronized void load() {
        if (loaded) return;
        Nd4j.getBackend();
        try {
            // The natives the loader will pick: those of the platform extension (-gpu: the CUDA build), else the CPU's.
            String platform = "/org/bytedeco/pytorch/" + Loader.getPlatform();
            String extension = System.getProperty("org.bytedeco.javacpp.platform.extension", "");
            for (String dir : new String[]{platform + extension + "/", platform + "/"})
                if (Torch.class.getResource(dir) != null) {
                    Loader.cacheResources(dir);
                    break;
                }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack libtorch's natives into JavaCPP's cache", e);
        }
        Loader.load(torch.class);
        loaded = true;
    }

    /**
     * Sets the calling thread's intra-op threads (OpenMP's per-thread setting, so each Spark task thread sets its
     * own) to what ND4J runs with: {@code spark.native-threads} sets both (common.spark.NativeThreads). ND4J's ops
     * run on its "master" thread count; 1.0.0-M2.1's setMaxThreads is a no-op, so maxThreads() stays at the cores.
     */
    public static void useNativeThreads() {
        load();
        int n = Math.max(1, Nd4j.getEnvironment().maxMasterThreads());
        if (torch.get_num_threads() != n) torch.set_num_threads(n);
    }

    /**
     * A 4-d activation or kernel in the layout the engine computes on, channels-last (NHWC; a copy unless it already
     * is). oneDNN then convolves without reordering every input, output and gradient from and to NCHW; a ×4 training
     * step took 15–25 % less time at one and at two threads (docs/benchmarks.md). The arrays the engine reads and
     * writes stay NCHW.
     */
    static Tensor channelsLast(Tensor t) {
        return t.contiguous(torch.MemoryFormat.ChannelsLast);
    }

    /**
     * A tensor over the array's own memory (no copy): writes through either are seen by both. The array must be a
     * C-ordered float or double array with default strides; the tensor is valid while the array lives.
     */
    public static Tensor wrap(INDArray a) {
        if (!dense(a))
            throw new IllegalArgumentException("only a C-ordered, default-strided array can be shared with torch, got "
                    + a.shapeInfoToString());
        // A view's data buffer starts at the view's first element (ND4J keeps the offset in the buffer).
        return torch.from_blob(a.data().addressPointer(), a.shape(), new TensorOptions(scalarType(a.dataType())));
    }

    /** The array itself where {@link #wrap} can share it, else a C-ordered copy. */
    public static INDArray shareable(INDArray a) {
        return dense(a) ? a : a.dup('c');
    }

    /** Elements laid out as a C-ordered array of its shape (a size-1 dimension's stride does not matter). */
    private static boolean dense(INDArray a) {
        long expected = 1;
        for (int d = a.rank() - 1; d >= 0; d--) {
            if (a.size(d) != 1 && a.stride(d) != expected) return false;
            expected *= a.size(d);
        }
        return true;
    }

    /** A new C-ordered array holding the tensor's values (a CPU tensor of the array type's precision). */
    public static INDArray toArray(Tensor t, DataType type) {
        INDArray out = Nd4j.createUninitialized(type, t.shape(), 'c');
        wrap(out).copy_(t);
        return out;
    }

    static torch.ScalarType scalarType(DataType t) {
        return switch (t) {
            case FLOAT -> torch.ScalarType.Float;
            case DOUBLE -> torch.ScalarType.Double;
            default -> throw new IllegalArgumentException("the torch engine runs float or double, not " + t);
        };
    }
}
