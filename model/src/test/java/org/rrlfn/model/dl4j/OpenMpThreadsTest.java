package org.rrlfn.model.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.rrlfn.model.arch.RrlfnConfig;

class OpenMpThreadsTest {
    /**
     * A DL4J pass holds the OpenMP team of the thread that runs it (what oneDNN's convolutions run on) to ND4J's
     * thread count, and leaves other threads at OpenMP's default: two local[2] workers' convolutions had run two
     * threads each on two cores.
     */
    @Test
    void aPassHoldsItsOwnThreadsOpenMpTeamToNd4jsThreadCount() throws Exception {
        int before = Nd4j.getEnvironment().maxMasterThreads();     // ND4J's backend loads before its native ops
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        int fresh = onNewThread(ops::ompGetMaxThreads);
        assumeTrue(fresh >= 2, "OpenMP's default team is already one thread here (one core, or OMP_NUM_THREADS=1)");
        ComputationGraph g = RrlfnModels.create(RrlfnConfig.paper(2).withWidth(4, 1, 4), 3);
        INDArray lr = Nd4j.rand(DataType.FLOAT, 1, 3, 17, 19);
        try {
            Nd4j.getEnvironment().setMaxMasterThreads(1);     // as common.spark.NativeThreads does for local[2]
            AtomicIntegerArray seen = new AtomicIntegerArray(2);
            onNewThread(() -> {
                seen.set(0, ops.ompGetMaxThreads());
                RrlfnModels.upscale(g, lr);
                seen.set(1, ops.ompGetMaxThreads());
                return 0;
            });
            assertEquals(fresh, seen.get(0));
            assertEquals(1, seen.get(1));
            assertEquals(fresh, onNewThread(ops::ompGetMaxThreads));
        } finally {
            Nd4j.getEnvironment().setMaxMasterThreads(before);
        }
    }

    /** What {@code body} returns on a thread of its own; its exception, if it throws. */
    private static int onNewThread(Callable<Integer> body) throws Exception {
        FutureTask<Integer> task = new FutureTask<>(body);
        new Thread(task).start();
        return task.get();
    }
}
