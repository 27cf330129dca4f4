package org.rrlfn.model.profile;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.dataset.DataSet;
import org.rrlfn.model.dl4j.SizeAdaptiveOutputLayer;

/**
 * Where one training step ({@code ComputationGraph.fit}) spends its time: every op of the SameDiff graph by
 * role, forward and backward, the forward that DL4J's output layer runs again for the score, the graph
 * passes' time between ops, the updater, and DL4J's own work around them. All rows are milliseconds per step
 * over the recorded steps, and they add up to the measured step.
 */
public final class StepProfile {

    /** One line of the table: a role's op time in the forward and backward part of the gradient pass. */
    public record Row(String what, double forwardMs, double backwardMs, double opsPerStep) {
        public double totalMs() { return forwardMs + backwardMs; }
    }

    private final List<Row> opRows;
    private final double stepMs;
    private final double scorePassOpsMs;
    private final double betweenOpsMs;
    private final double updaterMs;
    private final double dl4jMs;
    private final Map<String, Double> byType;
    private double withoutListenerMs = Double.NaN;

    private StepProfile(List<Row> opRows, double stepMs, double scorePassOpsMs, double betweenOpsMs, double updaterMs,
                        double dl4jMs, Map<String, Double> byType) {
        this.opRows = opRows;
        this.stepMs = stepMs;
        this.scorePassOpsMs = scorePassOpsMs;
        this.betweenOpsMs = betweenOpsMs;
        this.updaterMs = updaterMs;
        this.dl4jMs = dl4jMs;
        this.byType = byType;
    }

    /** Times {@code steps} calls of {@code graph.fit(batch)} after {@code warmups} unrecorded ones. */
    public static StepProfile measure(ComputationGraph graph, DataSet batch, int warmups, int steps) {
        OpTimes times = new OpTimes();
        SizeAdaptiveOutputLayer layer = outputLayer(graph);
        layer.profileWith(times);
        UpdaterClock updater = new UpdaterClock();
        graph.addListeners(updater);
        for (int i = 0; i < warmups; i++) graph.fit(batch);
        graph.score(batch);  // a forward-only pass: names the forward ops, unrecorded
        times.recording(true);
        updater.nanos = 0;
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) graph.fit(batch);
        long wall = System.nanoTime() - start;
        times.recording(false);
        long updaterNanos = updater.nanos;
        layer.stopProfiling();
        graph.fit(batch);   // the graph's first step without the listener
        start = System.nanoTime();
        for (int i = 0; i < steps; i++) graph.fit(batch);
        return summarize(times, wall, updaterNanos, steps).withoutListener((System.nanoTime() - start) / 1e6 / steps);
    }

    static StepProfile summarize(OpTimes times, long wallNanos, long updaterNanos, int steps) {
        Set<String> forward = times.forwardOpNames();
        Map<String, double[]> roles = new LinkedHashMap<>();
        Map<String, Double> byType = new LinkedHashMap<>();
        long gradientOps = 0, scoreOps = 0;
        for (OpTimes.OpRecord r : times.records()) {
            if (r.pass == OpTimes.Pass.SCORE) {
                scoreOps += r.nanos;
                continue;
            }
            gradientOps += r.nanos;
            boolean isForward = forward.contains(r.name);
            double[] acc = roles.computeIfAbsent(OpRoles.of(r), k -> new double[3]);
            acc[isForward ? 0 : 1] += r.nanos;
            acc[2] += r.count;
            byType.merge(r.type + (isForward ? " (fwd)" : " (bwd)"), ms(r.nanos, steps), Double::sum);
        }
        List<Row> rows = new ArrayList<>();
        roles.forEach((what, a) -> rows.add(new Row(what, ms((long) a[0], steps), ms((long) a[1], steps), a[2] / steps)));
        rows.sort((x, y) -> Double.compare(y.totalMs(), x.totalMs()));
        long passes = times.passNanos(OpTimes.Pass.GRADIENTS) + times.passNanos(OpTimes.Pass.SCORE);
        return new StepProfile(rows, ms(wallNanos, steps), ms(scoreOps, steps),
                ms(passes - gradientOps - scoreOps, steps), ms(updaterNanos, steps),
                ms(wallNanos - passes - updaterNanos, steps), byType);
    }

    private StepProfile withoutListener(double ms) {
        withoutListenerMs = ms;
        return this;
    }

    /** The same steps timed with the profiling listener detached. */
    public double withoutListenerMs() { return withoutListenerMs; }

    public List<Row> opRows() { return opRows; }
    public double stepMs() { return stepMs; }
    public double scorePassOpsMs() { return scorePassOpsMs; }
    public double betweenOpsMs() { return betweenOpsMs; }
    public double updaterMs() { return updaterMs; }
    public double dl4jMs() { return dl4jMs; }

    public void print(PrintStream out) {
        String f = "%-58s %9s %9s %9s %7s %8s%n";
        out.printf(f, "where (ms per training step)", "forward", "backward", "total", "share", "ops/step");
        for (Row r : opRows) {
            out.printf(f, r.what(), fmt(r.forwardMs()), fmt(r.backwardMs()), fmt(r.totalMs()), pct(r.totalMs()),
                    String.format("%.0f", r.opsPerStep()));
        }
        line(out, f, "forward ops run again for the score (computeScore)", scorePassOpsMs);
        line(out, f, "graph passes outside ops (session, allocation, JNI)", betweenOpsMs);
        line(out, f, "updater: Adam + parameter step (DL4J)", updaterMs);
        line(out, f, "DL4J fit around the layer (input, gradient views)", dl4jMs);
        line(out, f, "measured step", stepMs);
        out.printf("the same steps with the listener detached: %.1f ms (the gap is the listener's cost plus run-to-run"
                + " noise: read the rows as shares of the profiled step)%n", withoutListenerMs);
        out.println("ms per step by op type (gradient pass):");
        byType.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .forEach(e -> out.printf("  %-40s %9.1f%n", e.getKey(), e.getValue()));
    }

    private void line(PrintStream out, String f, String what, double v) {
        out.printf(f, what, "", "", fmt(v), pct(v), "");
    }

    private String pct(double v) { return String.format("%.1f%%", 100 * v / stepMs); }

    private static String fmt(double v) { return String.format("%.1f", v); }

    private static double ms(long nanos, int steps) { return nanos / 1e6 / steps; }

    private static SizeAdaptiveOutputLayer outputLayer(ComputationGraph graph) {
        for (Layer l : graph.getLayers()) if (l instanceof SizeAdaptiveOutputLayer s) return s;
        throw new IllegalArgumentException("the graph has no RRLFN layer to profile");
    }

    /** DL4J calls onGradientCalculation before the updater and iterationDone after the parameter step. */
    private static final class UpdaterClock extends BaseTrainingListener {
        long nanos;
        private long start;

        @Override
        public void onGradientCalculation(Model model) { start = System.nanoTime(); }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) { nanos += System.nanoTime() - start; }
    }
}
