package org.rrlfn.jobs.train.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.Repartition;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Profiles;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.files.FileOptions;
import org.rrlfn.data.sampling.SampleSettings;
import org.rrlfn.jobs.model.ModelSettings;
import org.rrlfn.model.Engine;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.losses.LossConfig;

/**
 * {@code rrlfn.train}, validated: everything the training job needs, and nothing it has to guess. {@code batchSize}
 * and {@code sampling}'s crop are the run's; a stage may train on its own ({@link #forStage}).
 */
public record TrainSettings(String data, String run, long seed, RrlfnConfig architecture, List<Stage> stages,
                            int workers, int batchSize, SampleSettings sampling, Averaging averaging,
                            Sync sync, int averagingFrequency, int prefetch,
                            Repartition repartition, StorageLevel storageLevel, int checkpointEveryRounds,
                            boolean collectStats, int validationImages, Initialisation initialisation,
                            boolean forceConfigChange, FileOptions files, long stopAfterSteps, Engine engine,
                            String torchDevice) {
    public static final String PATH = Settings.ROOT + ".train";
    private static final Set<String> STAGE_KEYS =
            Set.of("name", "scale", "init", "reset-optimizer", "iterations", "lr", "lr-halving-period", "warmup-iterations",
                    "loss", "ema-decay", "raw-weights", "validate-every-rounds", "keep", "hr-patch", "batch-size");

    /**
     * A command's configuration with the training profile {@code name} in place: "full" is the configuration as
     * loaded; any other names a profile file (resources rrlfn/profiles/NAME.conf) layered under what the user set.
     */
    public static Config withProfile(Settings.Loaded loaded, String name) {
        return Profiles.apply(loaded, name, PATH + ".profile");
    }

    public static TrainSettings from(Config root) {
        Config c = root.getConfig(PATH);
        int workers = positive(c, "workers");
        int batch = positive(c, "batch-size");
        if (batch % workers != 0)
            throw new UserError(PATH + ".batch-size = " + batch + " is the global minibatch and must split evenly"
                    + " over " + PATH + ".workers = " + workers + " (each worker fits batch / workers samples per step)");
        Config cl = c.getConfig("contrastive");
        LossConfig contrastive;
        try {
            contrastive = new LossConfig("l1", cl.getDouble("weight"),
                    cl.getDoubleList("lambdas").stream().mapToDouble(Double::doubleValue).toArray(),
                    cl.getIntList("extractor-channels").stream().mapToInt(Integer::intValue).toArray(), cl.getLong("seed"));
        } catch (IllegalArgumentException e) {
            throw new UserError(PATH + ".contrastive: " + e.getMessage());
        }
        List<Stage> stages = stages(c, contrastive, workers);
        SampleSettings sampling = sampling(c);
        int validationImages = nonNegative(c, "validation-images");
        for (int i = 0; i < stages.size(); i++) {
            Selection sel = stages.get(i).selection();
            if (validationImages == 0 && (sel.keep() == Selection.Keep.BEST || sel.validateEveryRounds() > 0))
                throw new UserError(PATH + ".stages[" + i + "] (" + stages.get(i).name() + ") validates during the stage"
                        + " (keep = " + sel.keep() + ", validate-every-rounds = " + sel.validateEveryRounds() + ") but "
                        + PATH + ".validation-images = 0: set validation-images > 0, or keep = last and"
                        + " validate-every-rounds = 0");
        }
        return new TrainSettings(path(c, "data"), path(c, "run"), c.getLong("seed"), ModelSettings.from(root),
                stages, workers, batch, sampling, averaging(c), sync(c), positive(c, "averaging-frequency"),
                nonNegative(c, "prefetch"), repartition(c), storageLevel(c), positive(c, "checkpoint-every-rounds"),
                c.getBoolean("collect-stats"), validationImages,
                initialisation(c, "initialisation"),
                c.getBoolean("force-config-change"), FileOptions.from(root), nonNegative(c, "stop-after-steps"),
                engine(c), torchDevice(c));
    }

    private static Engine engine(Config c) {
        try {
            return Engine.of(c.getString("engine"));
        } catch (IllegalArgumentException e) {
            throw new UserError(PATH + ".engine " + e.getMessage());
        }
    }

    private static String torchDevice(Config c) {
        String d = c.getString("torch-device").trim();
        if (!d.matches("cpu|cuda(:\\d+)?"))
            throw new UserError(PATH + ".torch-device must be cpu, cuda or cuda:N, got '" + d + "'");
        return d;
    }

    private static String path(Config c, String key) {
        String v = c.getString(key).trim();
        if (v.isEmpty()) throw new UserError(PATH + "." + key + " is empty: it must name a folder");
        return v;
    }

    private static Averaging averaging(Config c) {
        try {
            return Averaging.of(c.getString("averaging"));
        } catch (IllegalArgumentException e) {
            throw new UserError(PATH + ".averaging " + e.getMessage());
        }
    }

    /** {@code sync}, which only the barrier path's process group can do with gradients. */
    private static Sync sync(Config c) {
        Sync sync;
        try {
            sync = Sync.of(c.getString("sync"));
        } catch (IllegalArgumentException e) {
            throw new UserError(PATH + ".sync " + e.getMessage());
        }
        if (sync == Sync.GRADIENTS && averaging(c) != Averaging.BARRIER)
            throw new UserError(PATH + ".sync = gradients all-reduces among a barrier stage's workers, but "
                    + PATH + ".averaging = " + averaging(c).key + ": set averaging = barrier, or sync = parameters");
        return sync;
    }

    private static Initialisation initialisation(Config c, String key) {
        return Initialisation.parse(c.getString(key), PATH + "." + key);
    }

    private static List<Stage> stages(Config c, LossConfig contrastive, int workers) {
        List<? extends Config> list = c.getConfigList("stages");
        if (list.isEmpty()) throw new UserError(PATH + ".stages is empty: nothing to train");
        Config defaults = c.getConfig("stage-defaults");
        List<Stage> stages = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String where = PATH + ".stages[" + i + "]";
            Config s = list.get(i);
            for (String k : s.root().keySet())
                if (!STAGE_KEYS.contains(k))
                    throw new UserError("unknown key '" + k + "' in " + where + " (" + s.root().get(k).origin().description()
                            + "); a stage takes " + String.join(", ", STAGE_KEYS.stream().sorted().toList()));
            Config full = s.withFallback(defaults);
            try {
                String name = full.getString("name");
                if (!name.matches("[A-Za-z0-9][A-Za-z0-9.-]*"))
                    throw new UserError(where + ".name '" + name + "' must be letters, digits, '.' or '-' (it names folders)");
                if (names.contains(name)) throw new UserError(where + ".name '" + name + "' is used twice");
                int scale = full.getInt("scale");
                if (scale < 2 || scale > 4) throw new UserError(where + ".scale must be 2, 3 or 4, got " + scale);
                StageInit init = StageInit.parse(full.getValue("init"), names, where + ".init");
                boolean reset = full.getBoolean("reset-optimizer");
                if (!reset && init instanceof StageInit.ModelFile)
                    throw new UserError(where + ".reset-optimizer = false, but init is a model file: there is no"
                            + " earlier stage's optimizer to continue. Set reset-optimizer = true.");
                if (!reset && !(init instanceof StageInit.Scratch)) {
                    String source = init instanceof StageInit.FromStage f ? f.name() : stages.get(i - 1).name();
                    int from = stages.stream().filter(t -> t.name().equals(source)).findFirst().orElseThrow().scale();
                    if (from != scale)
                        throw new UserError(where + ".reset-optimizer = false, but it starts from a x" + from
                                + " stage: Adam's moments of the x" + from + " upsampler have no x" + scale
                                + " counterpart. Set reset-optimizer = true for a scale change.");
                }
                LossConfig loss = loss(full.getValue("loss"), contrastive, where + ".loss");
                int iterations = full.getInt("iterations");
                int halving = full.getInt("lr-halving-period");
                double lr = full.getDouble("lr");
                if (iterations < 1 || halving < 1 || !(lr > 0 && lr < Double.POSITIVE_INFINITY))
                    throw new UserError(where + ": iterations, lr-halving-period and lr must be positive (lr finite),"
                            + " got iterations = " + iterations + ", lr-halving-period = " + halving + ", lr = " + lr);
                int warmup = full.getInt("warmup-iterations");
                if (warmup < 0) throw new UserError(where + ".warmup-iterations must be >= 0, got " + warmup);
                int hrPatch = ownOrRun(s, c, "hr-patch", where), batch = ownOrRun(s, c, "batch-size", where);
                if (batch % workers != 0)
                    throw new UserError(where + ".batch-size = " + batch + " is the stage's global minibatch and must"
                            + " split evenly over " + PATH + ".workers = " + workers);
                Stage stage = new Stage(name, scale, init, reset, iterations, lr, halving, warmup, loss,
                        selection(full, where), hrPatch, batch);
                String problem = hrPatchProblem((s.hasPath("hr-patch") ? where : PATH) + ".hr-patch", hrPatch, List.of(stage));
                if (problem != null) throw new UserError(problem);
                stages.add(stage);
                names.add(name);
            } catch (ConfigException e) {
                throw new UserError(where + ": " + e.getMessage());
            }
        }
        return stages;
    }

    /** A stage's {@code key} (hr-patch, batch-size) where it sets one, else the run's; positive. */
    private static int ownOrRun(Config stage, Config run, String key, String where) {
        if (!stage.hasPath(key)) return positive(run, key);
        int v = stage.getInt(key);
        if (v < 1) throw new UserError(where + "." + key + " must be positive, got " + v);
        return v;
    }

    /** A stage's ema-decay, raw-weights, validate-every-rounds and keep. */
    private static Selection selection(Config full, String where) {
        Selection.Keep keep;
        try {
            keep = Selection.Keep.of(full.getString("keep"));
        } catch (IllegalArgumentException e) {
            throw new UserError(where + ".keep " + e.getMessage());
        }
        Selection s;
        try {
            s = new Selection(full.getDouble("ema-decay"), full.getBoolean("raw-weights"), full.getInt("validate-every-rounds"), keep);
        } catch (IllegalArgumentException e) {
            throw new UserError(where + "." + e.getMessage());
        }
        if (keep == Selection.Keep.BEST && s.validateEveryRounds() == 0)
            throw new UserError(where + ".keep = best needs validate-every-rounds > 0: a stage validated only at its end"
                    + " has one model to choose from");
        return s;
    }

    /**
     * A stage's {@code loss}: a registered type ({@code l1}, {@code l1+contrastive}, ...) or {@code { type = ...,
     * weight = ... }}, the weight of the contrastive term defaulting to rrlfn.train.contrastive.weight.
     */
    private static LossConfig loss(ConfigValue value, LossConfig contrastive, String where) {
        try {
            if (value.valueType() != ConfigValueType.OBJECT) return contrastive.withType(String.valueOf(value.unwrapped()));
            Config o = ((ConfigObject) value).toConfig();
            for (String k : o.root().keySet())
                if (!k.equals("type") && !k.equals("weight"))
                    throw new UserError("unknown key '" + k + "' in " + where + "; a loss takes type and weight");
            LossConfig l = contrastive.withType(o.getString("type"));
            return o.hasPath("weight") ? l.withWeight(o.getDouble("weight")) : l;
        } catch (IllegalArgumentException | ConfigException e) {
            throw new UserError(where + ": " + e.getMessage());
        }
    }

    private static SampleSettings sampling(Config c) {
        int patch = positive(c, "hr-patch");
        double flip = probability(c, "sampling.flip-rotate-probability");
        double shuffle = probability(c, "sampling.channel-shuffle-probability");
        return new SampleSettings(patch, flip, shuffle, c.getLong("seed"));
    }

    /**
     * Why the crop side {@code key = patch} cannot train these stages, or null: what train refuses, for whoever
     * proposes one.
     */
    public static String hrPatchProblem(String key, int patch, List<Stage> stages) {
        for (Stage s : stages)
            if (patch % s.scale() != 0 || patch / s.scale() < RrlfnConfig.MIN_INPUT_SIDE)
                return key + " = " + patch + " must be a multiple of stage " + s.name() + "'s scale "
                        + s.scale() + " giving an LR crop (hr-patch / scale) of at least " + RrlfnConfig.MIN_INPUT_SIDE
                        + " px, the smallest input ESA takes";
        return null;
    }

    private static double probability(Config c, String key) {
        double p = c.getDouble(key);
        if (!(p >= 0 && p <= 1)) throw new UserError(PATH + "." + key + " must lie in [0, 1], got " + p);
        return p;
    }

    /** Runs {@code net}'s steps, and those of every worker built from it, on the configured engine and device. */
    public void useEngine(ComputationGraph net) {
        RrlfnModels.useEngine(net, engine, torchDevice);
    }

    /**
     * These settings as stage {@code stage} trains them: its crop side and global minibatch in place of the run's, so
     * that every step, sampler and averaging path built from them draws the stage's crops.
     */
    public TrainSettings forStage(Stage stage) {
        SampleSettings crops = new SampleSettings(stage.hrPatch(), sampling.flipRotateProbability(),
                sampling.channelShuffleProbability(), sampling.seed());
        return new TrainSettings(data, run, seed, architecture, stages, workers, stage.batchSize(), crops, averaging, sync,
                averagingFrequency, prefetch, repartition, storageLevel, checkpointEveryRounds, collectStats,
                validationImages, initialisation, forceConfigChange, files, stopAfterSteps, engine, torchDevice);
    }

    /** Samples each worker fits per optimizer step (the run's; a stage's: {@code forStage(stage)}'s). */
    public int batchSizePerWorker() { return batchSize / workers; }

    /** Samples each worker fits per optimizer step of {@code stage}. */
    public int batchSizePerWorker(Stage stage) { return stage.batchSize() / workers; }

    private static int positive(Config c, String key) {
        int v = c.getInt(key);
        if (v < 1) throw new UserError(PATH + "." + key + " must be positive, got " + v);
        return v;
    }

    private static int nonNegative(Config c, String key) {
        int v = c.getInt(key);
        if (v < 0) throw new UserError(PATH + "." + key + " must be >= 0, got " + v);
        return v;
    }

    private static Repartition repartition(Config c) {
        String v = c.getString("repartition");
        return switch (v) {
            case "always" -> Repartition.Always;
            case "never" -> Repartition.Never;
            case "when-unbalanced" -> Repartition.NumPartitionsWorkersDiffers;
            default -> throw new UserError(PATH + ".repartition must be always, never or when-unbalanced, got '" + v + "'");
        };
    }

    private static StorageLevel storageLevel(Config c) {
        String v = c.getString("storage-level");
        try {
            return StorageLevel.fromString(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError(PATH + ".storage-level: unknown Spark storage level '" + v + "'");
        }
    }
}
