package org.rrlfn.jobs.train;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;
import org.rrlfn.jobs.memory.MemoryCheck;
import org.rrlfn.jobs.memory.WorkerBudget;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.config.TrainSettings;
import org.rrlfn.model.memory.StepMemory;

/** What each stage's training step needs per worker, and the ways out when the workers do not have it. */
public final class TrainMemory {
    private static final String DEMO = "demo";

    private TrainMemory() { }

    /** One need per stage: the TRAIN form at the stage's scale, its loss, its crop and per-worker batch. */
    public static List<MemoryCheck.Need> needs(TrainSettings s, String prefix) {
        List<MemoryCheck.Need> needs = new ArrayList<>();
        for (Stage stage : s.stages()) {
            int batch = s.batchSizePerWorker(stage);
            needs.add(new MemoryCheck.Need(String.format(Locale.ROOT, "%sstage %s (x%d, HR crop %d, %d per worker, %s)",
                    prefix, stage.name(), stage.scale(), stage.hrPatch(), batch, stage.loss().type()),
                    step(s, stage, stage.hrPatch(), batch)));
        }
        return needs;
    }

    private static StepMemory step(TrainSettings s, Stage stage, int crop, int batch) {
        return StepMemory.training(s.engine(), s.architecture().withScale(stage.scale()), stage.loss(), crop, batch)
                .inTrainingJob();
    }

    /**
     * Checks every stage of a train command before Spark starts.
     *
     * @param demo the same command under the demo profile, for the ways out; null where it runs under it already or
     *             train would refuse it
     */
    public static void check(Config root, TrainSettings s, TrainSettings demo) {
        MemoryCheck.enforce(root, needs(s, ""), s.workers(), budget -> waysOut(s, demo, budget));
    }

    /**
     * The command under the demo profile as train would load it (the user's own keys win over the profile's), or null
     * when {@code profile}, the one it runs under, is the demo already or train would refuse it.
     */
    public static TrainSettings demo(Settings.Loaded loaded, String profile) {
        if (profile.equals(DEMO)) return null;
        try {
            return TrainSettings.from(TrainSettings.withProfile(loaded, DEMO));
        } catch (UserError e) {
            return null;
        }
    }

    /**
     * The changes that would fit, each a setting train accepts and each with what it gives: a smaller crop for the
     * stages on the run's (a stage with a crop of its own keeps it), the demo profile, more workers (a cluster adds
     * executors; in one JVM more workers hold the same samples), larger executors or another machine.
     */
    static String waysOut(TrainSettings s, TrainSettings demo, WorkerBudget budget) {
        List<String> ways = new ArrayList<>();
        int runCrop = s.sampling().hrPatch();
        List<Stage> onRunCrop = s.stages().stream().filter(stage -> onRunCrop(s, stage)).toList();
        int step = onRunCrop.stream().mapToInt(Stage::scale).reduce(1, TrainMemory::lcm) * 8;
        for (int crop = (runCrop - 1) / step * step; !onRunCrop.isEmpty() && crop >= step; crop -= step) {
            if (TrainSettings.hrPatchProblem(TrainSettings.PATH + ".hr-patch", crop, onRunCrop) != null) break;
            if (fits(s, crop, s.workers(), budget)) {
                ways.add("a smaller crop, " + TrainSettings.PATH + ".hr-patch=" + crop + " ("
                        + perWorker(s, crop, s.workers()) + " per worker)");
                break;
            }
        }
        if (demo != null && MemoryCheck.fits(needs(demo, ""), budget.withJobWorkers(demo.workers())))
            ways.add("--profile " + DEMO + " (" + perWorker(demo, demo.sampling().hrPatch(), demo.workers())
                    + " per worker)");
        int smallestBatch = s.stages().stream().mapToInt(Stage::batchSize).min().orElse(s.batchSize());
        if (!budget.local())
            for (int w = s.workers() + 1; w <= smallestBatch; w++)
                if (splitsEvery(s, w) && fits(s, runCrop, w, budget.withJobWorkers(w))) {
                    ways.add("more workers, " + TrainSettings.PATH + ".workers=" + w + " with as many executor slots ("
                            + s.batchSize() / w + " samples, " + perWorker(s, runCrop, w) + " per worker)");
                    break;
                }
        long need = maxPerWorker(s, runCrop, s.workers());
        Stage first = s.stages().get(0);
        long runtime = step(s, first, first.hrPatch(), s.batchSizePerWorker(first)).runtime();
        ways.add(budget.local()
                ? "a cluster, whose executors each need " + StepMemory.gib(runtime + need) + " per worker slot"
                : "larger executors: spark.executor.memory + spark.executor.memoryOverhead >= "
                        + StepMemory.gib(runtime + budget.workers() * need));
        return String.join(", ", ways);
    }

    private static boolean splitsEvery(TrainSettings s, int workers) {
        return s.stages().stream().allMatch(stage -> stage.batchSize() % workers == 0);
    }

    /** Each stage's step with the run's crop at {@code runCrop} (a stage's own stays) and {@code workers} workers. */
    private static List<StepMemory> steps(TrainSettings s, int runCrop, int workers) {
        return s.stages().stream().map(stage -> step(s, stage,
                onRunCrop(s, stage) ? runCrop : stage.hrPatch(), stage.batchSize() / workers)).toList();
    }

    /** Whether the stage trains on the run's crop, which a smaller-crop way out changes (a stage's own it does not). */
    private static boolean onRunCrop(TrainSettings s, Stage stage) {
        return stage.hrPatch() == s.sampling().hrPatch();
    }

    private static boolean fits(TrainSettings s, int runCrop, int workers, WorkerBudget budget) {
        List<MemoryCheck.Need> needs = new ArrayList<>();
        List<StepMemory> steps = steps(s, runCrop, workers);
        for (int i = 0; i < steps.size(); i++) needs.add(new MemoryCheck.Need(s.stages().get(i).name(), steps.get(i)));
        return MemoryCheck.fits(needs, budget);
    }

    private static long maxPerWorker(TrainSettings s, int runCrop, int workers) {
        return steps(s, runCrop, workers).stream().mapToLong(StepMemory::perWorker).max().orElse(0);
    }

    private static String perWorker(TrainSettings s, int runCrop, int workers) {
        return StepMemory.gib(maxPerWorker(s, runCrop, workers));
    }

    private static int lcm(int a, int b) {
        int g = a, h = b;
        while (h != 0) { int t = g % h; g = h; h = t; }
        return a / g * b;
    }
}
