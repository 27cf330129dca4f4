package org.rrlfn.jobs.scaling;

/**
 * Synchronous parameter averaging on n executors, H minibatches per round, predicted from measured pieces:
 *
 * <pre>
 *   round(n, H)  = H · step + overhead(n) + copies(n) · stateBytes / link
 *   overhead(n)  = fixed + perExecutor · n      (broadcast, scheduling, aggregation, driver: fitted to measurements)
 *   throughput   = n · H · batch / round        (patches/s)
 *   efficiency   = H · step / round             (against n executors that only step, never average)
 * </pre>
 *
 * With gradients all-reduced before every step ({@link Transfer#RING_GRADIENTS}, sync = gradients) the overhead and
 * the transfer are paid every step: round(n, H) = H · (step + overhead(n) + link(n)), overhead(n) then being the
 * measured cost per step.
 *
 * stateBytes is one copy of the averaged state: the parameters and Adam's two moments (float32). Each executor
 * receives one copy (broadcast) and returns one (aggregation); copies(n) counts the copies that pass the busiest
 * links one after the other, as Spark moves them on both averaging paths: a torrent broadcast sends about one copy
 * out of the driver (executors pass pieces on to each other), then a tree aggregation of depth 2 (DL4J's
 * treeAggregate) sums ⌈n / m⌉ states on each of m intermediate executors and
 * m sums on the driver, where m follows Spark's own rule ({@link #stateCopiesInSequence}); a star of sockets
 * passes every executor's copy down and up through the driver's link ({@link Transfer#STAR}: 2n copies); the
 * barrier path's ring all-reduce among the executors passes 2(n − 1)/n copies through every executor's link at once
 * ({@link Transfer#RING}, the bandwidth-optimal all-reduce; {@link Transfer#RING_GRADIENTS} when only a gradient,
 * one value per parameter, is all-reduced). The loopback cluster the overhead is measured on has no real link,
 * hence the extra term.
 *
 * @param stepMs            one training step of one executor (batch {@code batch})
 * @param fixedMs           overhead of a round that does not grow with the executor count
 * @param perExecutorMs     overhead added per executor
 * @param parameters        trainable parameters of the network
 * @param linkBytesPerSecond the driver's network link
 */
public record ScalingModel(double stepMs, int batch, double fixedMs, double perExecutorMs, long parameters,
                           double linkBytesPerSecond, Transfer transfer) {

    /** How the state travels between the driver and the executors. */
    public enum Transfer {
        /** Spark's torrent broadcast down, treeAggregate (depth 2) up: the dl4j path. */
        TREE,
        /** Every executor straight to and from the driver: 2n copies through its link. */
        STAR,
        /** A ring all-reduce of the state among the executors (the barrier path): 2(n − 1)/n copies per link. */
        RING,
        /**
         * A ring all-reduce of the gradient before every step (sync = gradients): 2(n − 1)/n copies of one value
         * per parameter, and the overhead, every step.
         */
        RING_GRADIENTS;

        public static Transfer of(String key) {
            return switch (key) {
                case "tree" -> TREE;
                case "star" -> STAR;
                case "ring" -> RING;
                case "ring-gradients" -> RING_GRADIENTS;
                default -> throw new IllegalArgumentException(
                        "transfer must be tree, star, ring or ring-gradients, got '" + key + "'");
            };
        }
    }

    /** The tree transfer, as before the barrier path existed. */
    public ScalingModel(double stepMs, int batch, double fixedMs, double perExecutorMs, long parameters,
                        double linkBytesPerSecond) {
        this(stepMs, batch, fixedMs, perExecutorMs, parameters, linkBytesPerSecond, Transfer.TREE);
    }

    /** Float32 values an executor receives and returns per round, per parameter: weight + Adam's m and v. */
    static final int VALUES_PER_PARAMETER = 3;

    /**
     * Least-squares line through measured (executors, overhead ms) points; two points give the line through them.
     * The slope is kept at 0 or above: fewer executors are never predicted to cost more.
     */
    public static double[] fitOverhead(int[] executors, double[] overheadMs) {
        if (executors.length != overheadMs.length || executors.length < 2)
            throw new IllegalArgumentException("need overheads measured at two or more executor counts, got "
                    + executors.length + " counts and " + overheadMs.length + " overheads");
        double mx = 0, my = 0;
        for (int i = 0; i < executors.length; i++) {
            mx += executors[i];
            my += overheadMs[i];
        }
        mx /= executors.length;
        my /= executors.length;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < executors.length; i++) {
            sxy += (executors[i] - mx) * (overheadMs[i] - my);
            sxx += (executors[i] - mx) * (executors[i] - mx);
        }
        if (sxx == 0) throw new IllegalArgumentException("the overheads must be measured at different executor counts");
        double slope = Math.max(0, sxy / sxx);
        return new double[]{my - slope * mx, slope};
    }

    /** One copy of the averaged state (what one executor receives, and returns, per round). */
    public long stateBytes() {
        return (long) VALUES_PER_PARAMETER * Float.BYTES * parameters;
    }

    /**
     * Bytes all executors move per round (one copy down and one up each), whichever links carry them; with
     * gradient sync, one gradient each way every step.
     */
    public long bytesPerRound(int executors, int averagingFrequency) {
        return transfer == Transfer.RING_GRADIENTS ? 2L * executors * averagingFrequency * Float.BYTES * parameters
                : 2L * executors * stateBytes();
    }

    /**
     * Copies of the state that the busiest links carry one after the other in a round of n executors: one out of
     * the driver for the torrent broadcast, then each level of Spark's {@code treeAggregate(depth = 2)}: scale =
     * max(⌈√n⌉, 2); while partitions > scale + ⌈partitions / scale⌉ they are combined into partitions / scale
     * (integer division) on executors, each receiving ⌈partitions / next⌉; finally the driver receives the rest.
     */
    static int stateCopiesInSequence(int n) {
        int scale = Math.max((int) Math.ceil(Math.sqrt(n)), 2);
        int parts = n, copies = 1;
        while (parts > scale + Math.ceil((double) parts / scale)) {
            int next = parts / scale;
            copies += (int) Math.ceil((double) parts / next);
            parts = next;
        }
        return copies + parts;
    }

    public double linkMs(int executors) {
        double ring = 2.0 * (executors - 1) / executors;
        double bytes = switch (transfer) {
            case TREE -> stateCopiesInSequence(executors) * (double) stateBytes();
            case STAR -> 2.0 * executors * stateBytes();
            case RING -> ring * stateBytes();
            case RING_GRADIENTS -> ring * Float.BYTES * parameters;
        };
        return bytes / linkBytesPerSecond * 1000;
    }

    public double roundMs(int executors, int averagingFrequency) {
        double exchange = fixedMs + perExecutorMs * executors + linkMs(executors);
        return transfer == Transfer.RING_GRADIENTS ? averagingFrequency * (stepMs + exchange)
                : averagingFrequency * stepMs + exchange;
    }

    public double patchesPerSecond(int executors, int averagingFrequency) {
        return executors * averagingFrequency * batch * 1000.0 / roundMs(executors, averagingFrequency);
    }

    public double efficiency(int executors, int averagingFrequency) {
        return averagingFrequency * stepMs / roundMs(executors, averagingFrequency);
    }

    public ScalingModel withStep(double ms, int minibatch) {
        return new ScalingModel(ms, minibatch, fixedMs, perExecutorMs, parameters, linkBytesPerSecond, transfer);
    }
}
