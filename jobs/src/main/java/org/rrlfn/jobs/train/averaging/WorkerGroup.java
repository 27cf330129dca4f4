package org.rrlfn.jobs.train.averaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.spark.BarrierTaskContext;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.ByteVector;
import org.bytedeco.pytorch.FileStore;
import org.bytedeco.pytorch.GlooDeviceVector;
import org.bytedeco.pytorch.ProcessGroupGloo;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.StringVector;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.Work;
import org.bytedeco.pytorch.global.torch;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rrlfn.common.DaemonThreads;
import org.rrlfn.model.torch.Torch;

/**
 * The stage's worker tasks as one process group (torch.distributed's words: a rank per barrier task, the world
 * size = the stage's workers), all-reducing with gloo, the collective library torch.distributed uses on CPU.
 *
 * <p>Rendezvous without a store port: gloo's full-mesh connect publishes each rank's pair addresses under the key
 * {@code 0/<rank>} of the store it is given and waits for the other ranks' keys. Each rank gives it a private
 * {@link FileStore} in its own temporary folder, reads its own key back, and the ranks exchange those keys through
 * Spark's {@link BarrierTaskContext#allGather} (the barrier stage's own RPC to the driver, authenticated when
 * {@code spark.authenticate} is on). So the only port the group opens is gloo's pair listener, bound to the host
 * Spark advertises for the executor ({@code SPARK_LOCAL_IP}, the one setting that pins it) — no TCPStore listens.
 *
 * <p>A group of one opens nothing and loads no native library.
 */
final class WorkerGroup implements AutoCloseable {
    /** How long the ranks have to connect once their addresses are exchanged. */
    static final Duration CONNECT = Duration.ofSeconds(120);
    /** How long one all-reduce may wait for the slowest rank (still fitting its share of the round). */
    static final Duration ALL_REDUCE = Duration.ofMinutes(30);

    private final BarrierTaskContext ctx;
    private final int rank;
    private final int worldSize;
    private final ProcessGroupGloo group;
    private final Path storeDir;
    private boolean abandoned;

    private WorkerGroup(BarrierTaskContext ctx, int rank, int worldSize, ProcessGroupGloo group, Path storeDir) {
        this.ctx = ctx;
        this.rank = rank;
        this.worldSize = worldSize;
        this.group = group;
        this.storeDir = storeDir;
    }

    /** Joins the group of {@code ctx}'s barrier stage, its gloo listener bound to {@code host}. */
    static WorkerGroup join(BarrierTaskContext ctx, String host) {
        int rank = ctx.partitionId();
        int worldSize = ctx.getTaskInfos().length;
        if (worldSize == 1) return new WorkerGroup(ctx, rank, 1, null, null);
        Torch.load();
        Path dir;
        try {
            dir = Files.createTempDirectory("rrlfn-gloo-");
        } catch (IOException e) {
            throw new UncheckedIOException("rank " + rank + ": no temporary folder for gloo's rendezvous", e);
        }
        FileStore store = new FileStore(dir.resolve("store").toString(), 1);
        ProcessGroupGloo.Options options = ProcessGroupGloo.Options.create(new Milliseconds(ALL_REDUCE.toMillis()));
        options.devices(new GlooDeviceVector(ProcessGroupGloo.createDeviceForHostname(host)));
        CompletableFuture<ProcessGroupGloo> connecting = CompletableFuture.supplyAsync(
                () -> new ProcessGroupGloo(store, rank, worldSize, options));
        try {
            String[] addresses = ctx.allGather(ownAddress(store, rank, connecting));
            for (int r = 0; r < worldSize; r++) if (r != rank) store.set(key(r), bytes(addresses[r]));
            ProcessGroupGloo group = connecting.get(CONNECT.toMillis(), TimeUnit.MILLISECONDS);
            // The group holds the store now. The presets' intrusive-pointer adapter does not count the Java
            // object's reference, so freeing both corrupts the heap (seen after a few groups and a GC): only the
            // group may free it.
            store.deallocate(false);
            return new WorkerGroup(ctx, rank, worldSize, group, dir);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("rank " + rank + " interrupted while joining the process group", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("rank " + rank + " of " + worldSize + " could not connect its gloo group"
                    + " on " + host + " within " + CONNECT.toSeconds() + " s", e);
        }
    }

    /** The key gloo's full-mesh connect writes for {@code rank} (device 0 of ProcessGroupGloo's prefix store). */
    private static String key(int rank) { return "0/" + rank; }

    /** This rank's pair addresses as gloo published them, base64: what the other ranks need to connect to it. */
    private static String ownAddress(FileStore store, int rank, CompletableFuture<ProcessGroupGloo> connecting)
            throws InterruptedException, ExecutionException {
        StringVector mine = new StringVector(key(rank));
        long deadline = System.nanoTime() + CONNECT.toNanos();
        while (!store.check(mine)) {
            if (connecting.isDone()) connecting.get();  // failed before publishing: its exception says why
            if (System.nanoTime() > deadline)
                throw new IllegalStateException("gloo did not publish rank " + rank + "'s address under '" + key(rank)
                        + "' within " + CONNECT.toSeconds() + " s (a libtorch whose rendezvous keys differ?)");
            Thread.sleep(1);
        }
        ByteVector v = store.get(key(rank));
        byte[] b = new byte[Math.toIntExact(v.size())];
        for (int i = 0; i < b.length; i++) b[i] = v.get(i);
        return Base64.getEncoder().encodeToString(b);
    }

    private static ByteVector bytes(String base64) {
        byte[] b = Base64.getDecoder().decode(base64);
        ByteVector v = new ByteVector(b.length);
        for (int i = 0; i < b.length; i++) v.put(i, b[i]);
        return v;
    }

    /**
     * Replaces each array (a dense float view, e.g. a network's parameters) by its mean over the ranks, in place:
     * the sum all-reduced, then divided by the world size, as the driver's average used to.
     *
     * <p>The all-reduce runs on a torch-owned copy and this thread polls it: a gloo wait cannot be interrupted, and a
     * rank whose peer failed would otherwise sit in it until the timeout. Spark marks the stage's other tasks killed
     * when one fails; a rank that sees it abandons its all-reduce (gloo may still write into the copy, never into the
     * network) and ends its task. Spark's own {@code BarrierTaskContext.barrier()} would do as a fence, but it answers
     * on a one-second tick (measured: ~1,000 ms a call on local[2]), a second a round.
     */
    void average(INDArray... arrays) {
        if (group == null) return;
        for (INDArray a : arrays) {
            Tensor shared = Torch.wrap(a);
            Tensor own = torch.empty_like(shared).copy_(shared);
            await(group.allreduce(new TensorVector(own)));
            shared.copy_(own.div_(new Scalar((double) worldSize)));
        }
    }

    private void await(Work work) {
        long deadline = System.nanoTime() + ALL_REDUCE.toNanos();
        long pause = 10_000;
        while (!work.isCompleted()) {
            if (ctx.isInterrupted()) {
                abandoned = true;
                ctx.killTaskIfInterrupted();
            }
            if (System.nanoTime() > deadline)
                throw new IllegalStateException("rank " + rank + ": an all-reduce did not complete within "
                        + ALL_REDUCE.toMinutes() + " min");
            LockSupport.parkNanos(pause);
            pause = Math.min(2 * pause, 1_000_000);  // ≤ 1 ms late, without spinning through a slow peer's fit
        }
        work._wait();  // a failed all-reduce (a peer's process gone) throws its error here
    }

    /**
     * Releases the group (gloo's threads and connections go with its last reference) and its store's folder; after
     * an abandoned all-reduce on a daemon thread, since the group's destructor waits for the work in flight.
     */
    @Override
    public void close() {
        if (group == null) return;
        if (abandoned) DaemonThreads.named("rrlfn-gloo-release").newThread(group::close).start();
        else group.close();
        try (Stream<Path> files = Files.walk(storeDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder: the OS's cleaner takes what is left
        }
    }
}
