package org.rrlfn.jobs.memory;

import java.io.PrintStream;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Command;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.spark.SparkContexts;
import org.rrlfn.jobs.model.ModelSettings;
import org.rrlfn.model.Engine;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnLayer;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.losses.LossConfig;
import org.rrlfn.model.memory.StepMemory;
import org.rrlfn.model.reparam.Fusion;
import scala.collection.Iterator;
import scala.reflect.ClassTag$;
import scala.reflect.ClassTag;
import scala.runtime.AbstractFunction1;

/**
 * {@code rrlfn benchmark-memory}: the peak resident memory of a worker JVM over a few training steps, beside what
 * {@link StepMemory} predicts. The steps run on {@code local[N]} for N workers, one Spark task each, in barrier mode:
 * every task builds the network and loss {@code train} builds (on the training engine {@code rrlfn.train.engine}
 * names) and the N tasks step at once, as train's workers do, on random crops of the given size (memory-loss =
 * inference: the fused network upscales one hr-patch / scale tile, as an upscale task does); the model's bound is
 * that of N workers in one JVM. The peak is this JVM's VmHWM, so each size needs a JVM of its own (one command per
 * size).
 */
public final class MemoryBenchmarkCommand {
    private static final String PATH = "rrlfn.benchmark";
    private static final ClassTag<Integer> INT = ClassTag$.MODULE$.apply(Integer.class);
    public static final Command COMMAND = new Command("benchmark-memory",
            "peak RSS of a worker JVM over a few training steps (or upscale tiles) vs the memory model",
            Map.of("scale", ModelSettings.PATH + ".scale",
                    "batch", PATH + ".batch",
                    "hr-patch", PATH + ".hr-patch",
                    "steps", PATH + ".memory-steps",
                    "loss", PATH + ".memory-loss",
                    "engine", Settings.ROOT + ".train.engine",
                    "workers", PATH + ".memory-workers"),
            List.of(PATH, ModelSettings.PATH, Settings.ROOT + ".spark", Settings.ROOT + ".train"), "",
            MemoryBenchmarkCommand::run);

    private MemoryBenchmarkCommand() { }

    static void run(Settings.Loaded loaded, PrintStream out) {
        var config = loaded.config();
        RrlfnConfig arch = ModelSettings.from(config);
        var b = config.getConfig(PATH);
        int batch = b.getInt("batch"), patch = b.getInt("hr-patch"), steps = b.getInt("memory-steps");
        int workers = b.getInt("memory-workers");
        if (patch % arch.scale() != 0 || patch / arch.scale() < RrlfnConfig.MIN_INPUT_SIDE)
            throw new UserError(PATH + ".hr-patch must be a multiple of the scale with hr-patch / scale >= "
                    + RrlfnConfig.MIN_INPUT_SIDE);
        if (batch < 1 || steps < 1 || workers < 1)
            throw new UserError(PATH + ".batch, " + PATH + ".memory-steps and " + PATH + ".memory-workers must be positive");
        String what = b.getString("memory-loss");
        boolean inference = what.equals("inference");
        LossConfig loss = inference ? LossConfig.l1() : loss(what);
        int lr = patch / arch.scale();
        Engine engine = Engine.of(config.getString(Settings.ROOT + ".train.engine"));
        StepMemory model = inference ? StepMemory.inference(arch, lr, lr)
                : StepMemory.training(engine, arch, loss, patch, batch);
        long bound = model.inJvmOf(workers);
        long before;
        try (JavaSparkContext sc = SparkContexts.create(config, "local[" + workers + "]")) {
            before = ProcessMemory.resident().orElse(-1);
            List<Integer> slots = IntStream.range(0, workers).boxed().toList();
            sc.parallelize(slots, workers).rdd().barrier().mapPartitions(new Together(together -> {
                if (inference) upscale(engine, arch, lr, steps, together);
                else fit(engine, arch, loss, patch, batch, steps, together);
            }), false, INT).count();
        }
        long peak = ProcessMemory.peakResident().orElseThrow(() -> new UserError("no /proc/self/status here: "
                + "benchmark-memory reads the peak resident set from it (Linux)"));
        out.printf(Locale.ROOT, "x%d, HR crop %d, batch %d, %s, %d steps on %s, %s: peak RSS %s, model %s (%+.1f %%)%n",
                arch.scale(), patch, inference ? 1 : batch, what, steps, engine.key(),
                workers == 1 ? "1 worker" : workers + " workers at once", StepMemory.gib(peak), StepMemory.gib(bound),
                100.0 * (bound - peak) / peak);
        out.printf(Locale.ROOT, "  RSS before the network: %s; model: %s%n", StepMemory.gib(before), model);
        out.printf(Locale.ROOT, "  JavaCPP counted %s of native allocations (org.bytedeco.javacpp.maxbytes = %s),"
                        + " RSS now %s%n", StepMemory.gib(Pointer.totalBytes()), StepMemory.gib(Pointer.maxBytes()),
                StepMemory.gib(ProcessMemory.resident().orElse(-1)));
    }

    static LossConfig loss(String name) {
        return switch (name) {
            case "l1" -> LossConfig.l1();
            case "l1+contrastive" -> LossConfig.l1().withType("l1+contrastive");
            default -> throw new UserError(PATH + ".memory-loss must be l1, l1+contrastive or inference, got '" + name + "'");
        };
    }

    /** An upscale task's work: the fused DEPLOY form on one lr × lr tile, {@code times} times. */
    private static void upscale(Engine engine, RrlfnConfig arch, int lr, int times, Runnable together) {
        ComputationGraph fused = Fusion.fuse(RrlfnModels.create(arch, 1), 1);
        RrlfnModels.useEngine(fused, engine, "cpu");
        for (int i = 0; i < times; i++) {
            together.run();
            RrlfnModels.upscale(fused, Nd4j.rand(DataType.FLOAT, 1, 3, lr, lr));
        }
    }

    /** A worker's steps: the network train builds for the stage, fitted on random crops. */
    private static void fit(Engine engine, RrlfnConfig arch, LossConfig loss, int patch, int batch, int steps,
                            Runnable together) {
        ComputationGraph net = RrlfnModels.create(new RrlfnLayer(arch, loss), 1, RrlfnModels.adam(5e-4), DataType.FLOAT);
        RrlfnModels.useEngine(net, engine, "cpu");
        int lr = patch / arch.scale();
        for (int i = 0; i < steps; i++) {
            together.run();
            net.fit(new DataSet(Nd4j.rand(DataType.FLOAT, batch, 3, lr, lr), Nd4j.rand(DataType.FLOAT, batch, 3, patch, patch)));
        }
    }

    /** A worker's work, given the barrier it passes before each step. */
    private interface Work extends Serializable {
        void run(Runnable together);
    }

    /** One barrier task: the worker's work, each step started once every task has reached it. */
    private static final class Together extends AbstractFunction1<Iterator<Integer>, Iterator<Integer>>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Work work;

        Together(Work work) { this.work = work; }

        @Override
        public Iterator<Integer> apply(Iterator<Integer> slots) {
            work.run(BarrierTaskContext.get()::barrier);
            return slots;
        }
    }
}
