package org.rrlfn.model.dl4j;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The OpenMP team of the calling thread, held to ND4J's thread count. ND4J's own loops run on its "master" thread
 * count ({@code spark.native-threads}, common.spark.NativeThreads), but the oneDNN convolutions it calls run as many
 * threads as OpenMP's setting for the calling thread, which that count does not touch and which defaults to the
 * machine's cores: in {@code local[2]} each worker's convolutions ran two threads, four on two cores. OpenMP keeps
 * the setting per thread, so each Spark task thread sets its own; the torch engine does the same through
 * {@code Torch.useNativeThreads}. ND4J's CUDA backend reads the same call as a kernel grid limit, so it is left alone.
 */
final class OpenMpThreads {
    private OpenMpThreads() { }

    static void useNativeThreads() {
        if (!Nd4j.getEnvironment().isCPU()) return;
        int n = Math.max(1, Nd4j.getEnvironment().maxMasterThreads());
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        if (ops.ompGetMaxThreads() != n) ops.setOmpNumThreads(n);
    }
}
