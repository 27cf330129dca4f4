package org.rrlfn.jobs.scaling;

/**
 * Synchronous parameter averaging on n executors, H minibatches per round, predicted from measured pieces:
 *
 * <pre>
 *   round(n, H)  = H · step + overhead(n) + n · bytesPerExecutor / link
 *   overhead(n)  = fixed + perExecutor · n      (broadcast, scheduling, aggregation, driver: fitted to measurements)
 *   throughput   = n · H · batch / round        (patches/s)
 *   efficiency   = H · step / round             (against n executors that only step, never average)
 * </pre>
 *
 * bytesPerExecutor is what one executor moves per round: the parameters and Adam's two moments (float32) down
 * in the broadcast and up in the aggregation, all through the driver's link (no torrent or tree savings: an upper
 * bound for the link term). The loopback cluster the overhead is measured on has no real link, hence the extra term.
 *
 * @param stepMs            one training step of one executor (batch {@code batch})
 * @param fixedMs           overhead of a round that does not grow with the executor count
 * @param perExecutorMs     overhead added per executor
 * @param parameters        trainable parameters of the network
 * @param linkBytesPerSecond the driver's network link
 */
public record ScalingModel(double stepMs, int batch, double fixedMs, double perExecutorMs, long parameters,
                           double linkBytesPerSecond) {

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

    /** Bytes one executor moves per round (down and up). */
    public long bytesPerExecutor() {
        return 2L * VALUES_PER_PARAMETER * Float.BYTES * parameters;
    }

    public long bytesPerRound(int executors) {
        return executors * bytesPerExecutor();
    }

    public double linkMs(int executors) {
        return bytesPerRound(executors) / linkBytesPerSecond * 1000;
    }

    public double roundMs(int executors, int averagingFrequency) {
        return averagingFrequency * stepMs + fixedMs + perExecutorMs * executors + linkMs(executors);
    }

    public double patchesPerSecond(int executors, int averagingFrequency) {
        return executors * averagingFrequency * batch * 1000.0 / roundMs(executors, averagingFrequency);
    }

    public double efficiency(int executors, int averagingFrequency) {
        return averagingFrequency * stepMs / roundMs(executors, averagingFrequency);
    }

    public ScalingModel withStep(double ms, int minibatch) {
        return new ScalingModel(ms, minibatch, fixedMs, perExecutorMs, parameters, linkBytesPerSecond);
    }
}
