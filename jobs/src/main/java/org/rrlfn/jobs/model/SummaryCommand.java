package org.rrlfn.jobs.model;

import com.typesafe.config.Config;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Command;
import org.rrlfn.common.config.Profiles;
import org.rrlfn.common.config.Settings;
import org.rrlfn.model.Engine;
import org.rrlfn.model.arch.Complexity;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.losses.LossConfig;
import org.rrlfn.model.memory.StepMemory;

/**
 * {@code rrlfn summary}: parameter counts of both forms, analytic conv FLOPs per LR pixel, and the memory model of a
 * training step for rrlfn.train's crop and batch.
 */
public final class SummaryCommand {
    private static final String TRAIN = Settings.ROOT + ".train";
    public static final Map<String, String> OPTIONS = Map.of(
            "scale", ModelSettings.PATH + ".scale",
            "channels", ModelSettings.PATH + ".channels",
            "blocks", ModelSettings.PATH + ".blocks",
            "esa-channels", ModelSettings.PATH + ".esa-channels",
            "profile", TRAIN + ".profile",
            "hr-patch", TRAIN + ".hr-patch",
            "batch", TRAIN + ".batch-size",
            "workers", TRAIN + ".workers");
    public static final Command COMMAND = new Command("summary", "parameter counts, FLOPs and step memory of both forms",
            OPTIONS, List.of(ModelSettings.PATH, TRAIN), "", SummaryCommand::run);
    /** Worker counts the memory table shows beside the configured one. */
    private static final int[] WORKERS = {2, 8, 64};

    /** The paper's reported (fused) parameter counts, Tables 1 and 2, in thousands. */
    private static final Map<Integer, Integer> PAPER_K = Map.of(2, 454, 4, 470);

    private SummaryCommand() { }

    static void run(Settings.Loaded loaded, PrintStream out) {
        RrlfnConfig train = ModelSettings.from(loaded.config());
        RrlfnConfig twoBranch = train.withMergeBranchesInGraph(false);
        RrlfnConfig deploy = train.withForm(RrlfnConfig.Form.DEPLOY);
        out.println(train.withForm(RrlfnConfig.Form.DEPLOY).toString().replace(" DEPLOY", ""));
        out.printf("%-30s %12s %18s %16s %22s%n", "form", "parameters", "conv MACs/LR px", "FLOPs/LR px",
                "GFLOPs, 256x256 LR");
        row(out, "TRAIN (3x3 + 1x1 branches)", twoBranch);
        if (train.trainsMergedKernel()) row(out, "TRAIN, in-graph merged kernel", train);
        row(out, "DEPLOY (fused)", deploy);
        Integer paper = PAPER_K.get(train.scale());
        if (paper != null) out.printf("paper, Table %d: %dK parameters (fused)%n", train.scale() == 2 ? 1 : 2, paper);
        out.println("MACs count convolutions; ESA's strided and pooled convs at their large-image densities 1/4 and 1/36;"
                + " FLOPs = 2 x MACs.");
        memory(Profiles.apply(loaded, loaded.config().getString(TRAIN + ".profile"), TRAIN + ".profile"), train, out);
    }

    /**
     * The memory model of a training step (TRAIN form as train builds it) for rrlfn.train's crop and global batch
     * (those of its profile), per worker at the configured worker count and at {@link #WORKERS}.
     */
    static void memory(Config root, RrlfnConfig train, PrintStream out) {
        Config t = root.getConfig(TRAIN);
        int crop = t.getInt("hr-patch"), batch = t.getInt("batch-size"), workers = t.getInt("workers");
        if (crop % train.scale() != 0 || crop / train.scale() < RrlfnConfig.MIN_INPUT_SIDE || batch < 1 || workers < 1)
            throw new UserError(TRAIN + ".hr-patch = " + crop + " must be a multiple of the scale giving an"
                    + " LR crop of at least " + RrlfnConfig.MIN_INPUT_SIDE + ", batch-size and workers positive");
        // Memory depends on the extractor's widths only.
        LossConfig contrastive = new LossConfig("l1+contrastive", 0, new double[]{1, 1},
                t.getIntList("contrastive.extractor-channels").stream().mapToInt(Integer::intValue).toArray(), 0);
        Engine engine = Engine.of(t.getString("engine"));
        out.printf(Locale.ROOT, "%nmemory of a training step (docs/memory.md), x%d, HR crop %d, global batch %d (profile %s),"
                + " engine %s:%n", train.scale(), crop, batch, t.getString("profile"), engine.key());
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-16s %-34s", "loss", "at " + workers
                + " worker(s), " + perWorker(batch, workers) + " per worker"));
        for (int w : WORKERS) header.append(String.format(Locale.ROOT, " %14s", w + " workers"));
        out.println(header);
        // What train checks: the step of `perWorker` samples inside a training job.
        BiFunction<LossConfig, Integer, StepMemory> job = (loss, perWorker) ->
                StepMemory.training(engine, train, loss, crop, perWorker).inTrainingJob();
        for (LossConfig loss : List.of(LossConfig.l1(), contrastive)) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-16s %-34s",
                    loss.type(), StepMemory.gib(job.apply(loss, perWorker(batch, workers)).perWorker())));
            for (int w : WORKERS)   // train refuses a batch that does not split evenly
                row.append(String.format(Locale.ROOT, " %14s", batch % w != 0 ? "-"
                        : StepMemory.gib(job.apply(loss, batch / w).perWorker())));
            out.println(row);
        }
        StepMemory one = job.apply(LossConfig.l1(), perWorker(batch, workers));
        out.printf(Locale.ROOT, "per worker inside a training job (what train checks), plus %s runtime per JVM (local[N]: one JVM"
                + " for all workers; executors: each);"
                + " l1 at %d worker(s): %s%n", StepMemory.gib(one.runtime()), workers, one);
    }

    /** Samples each worker fits per step: the global batch split over the workers, at least one. */
    private static int perWorker(int batch, int workers) {
        return Math.max(1, (batch + workers - 1) / workers);
    }

    private static void row(PrintStream out, String name, RrlfnConfig c) {
        double macs = Complexity.macsPerPixel(c);
        out.printf("%-30s %,12d %,18.1f %,16.1f %22.3f%n", name, Complexity.parameters(c), macs, 2 * macs,
                2.0 * Complexity.macs(c, 256, 256) / 1e9);
    }
}
