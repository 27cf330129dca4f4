package org.rrlfn.jobs.memory;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.log.Console;
import org.rrlfn.common.spark.SparkContexts;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.memory.StepMemory;

/**
 * Before Spark starts: does the largest step a job runs fit the memory of the JVMs that run its workers? If not, the
 * job stops (exit 2) naming the numbers and the ways out, unless {@link #IGNORE} is set.
 */
public final class MemoryCheck {
    public static final String IGNORE = Settings.ROOT + ".spark.ignore-memory-check";
    /** The command-line shortcut every checked command takes. */
    public static final String OPTION = "ignore-memory-check";

    /** One kind of step the job runs (a stage, a trial, a tile), for the log and the message. */
    public record Need(String what, StepMemory step) { }

    private MemoryCheck() { }

    /**
     * Logs every need, then checks the largest against the budget of {@code workers} workers under the configured
     * master. {@code waysOut} gives, for that budget, the text after "Ways out: " in the message.
     */
    public static void enforce(Config root, List<Need> needs, int workers, Function<WorkerBudget, String> waysOut) {
        enforce(root, SparkContexts.conf(root, null), needs, workers, waysOut);
    }

    /**
     * Upscale's check: every task holds one engine upscaling one tile of the given LR side, with a network of the
     * paper's widths at x4 (the model's own is read only once Spark runs; RRLFN and RLFN_S models have these widths).
     */
    public static void enforceUpscale(Config root, int tile) {
        SparkConf conf = SparkContexts.conf(root, null);
        Need need = new Need("a " + tile + " x " + tile + " LR tile, 48-channel x4 network",
                StepMemory.inference(RrlfnConfig.paper(4), tile, tile));
        enforce(root, conf, List.of(need), WorkerBudget.localTasks(conf),
                budget -> "a smaller rrlfn.upscale.tile, fewer tasks per executor, larger executors");
    }

    private static void enforce(Config root, SparkConf conf, List<Need> needs, int workers,
                                Function<WorkerBudget, String> waysOut) {
        WorkerBudget budget = WorkerBudget.of(conf, workers,
                ProcessMemory.available().orElse(Long.MAX_VALUE / 4), ProcessMemory.resident().orElse(0));
        for (Need n : needs) Console.info("memory: %s: %s", n.what(), n.step());
        List<String> problems = problems(needs, budget);
        if (problems.isEmpty()) {
            Console.info("memory: fits: %s", summary(needs, budget));
            return;
        }
        String message = "not enough memory for " + String.join("; ", problems) + ". Ways out: " + waysOut.apply(budget)
                + "; or --" + OPTION + " (" + IGNORE + " = true) to go on anyway";
        if (!root.getBoolean(IGNORE)) throw new UserError(message);
        Console.info("memory: %s; going on (%s = true)", message, IGNORE);
    }

    /** Whether every need fits the budget. */
    public static boolean fits(List<Need> needs, WorkerBudget b) {
        return problems(needs, b).isEmpty();
    }

    /** What does not fit, each with its numbers; empty when everything does. */
    static List<String> problems(List<Need> needs, WorkerBudget b) {
        Need largest = largest(needs);
        long perWorker = largest.step().perWorker();
        long need = largest.step().inJvmOf(b.workers());
        List<String> problems = new ArrayList<>();
        if (need > b.bytes())
            problems.add(String.format(Locale.ROOT, "%s: %s needs %s (%d worker(s) x %s + runtime %s), %s has %s (%s)",
                    largest.what(), b.where(), StepMemory.gib(need), b.workers(), StepMemory.gib(perWorker),
                    StepMemory.gib(largest.step().runtime()), b.where(), StepMemory.gib(b.bytes()), b.detail()));
        return problems;
    }

    static String summary(List<Need> needs, WorkerBudget b) {
        Need largest = largest(needs);
        return String.format(Locale.ROOT, "%s needs at most %s (%s: %d worker(s) x %s + runtime %s) of %s (%s)",
                b.where(), StepMemory.gib(largest.step().inJvmOf(b.workers())),
                largest.what(), b.workers(), StepMemory.gib(largest.step().perWorker()),
                StepMemory.gib(largest.step().runtime()), StepMemory.gib(b.bytes()), b.detail());
    }

    private static Need largest(List<Need> needs) {
        return needs.stream().max(Comparator.comparingLong(n -> n.step().perWorker()))
                .orElseThrow(() -> new IllegalArgumentException("no step to check"));
    }
}
