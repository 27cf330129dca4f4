package org.rrlfn.jobs.train.run;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rrlfn.common.files.OutputFolder;


/**
 * The one place that names what {@code train} writes and {@code fuse-eval}, sweeps and the pipeline read, under a
 * run folder; every name is relative to the run, as {@link RunStore} takes it:
 * <pre>
 * run-config.json               what the run trains (RunConfig), written before its first stage
 * config-history.log            every --force-config-change, appended
 * data-identity.json            the prepared set the run trains on (DataIdentity)
 * state-NNNNNN.json             where the run stands (RunState), one new file per save; the previous one is kept
 * metrics.csv                   every round's loss, rate and speed, mirrored from the state
 * training-curves.png           the loss per round, written after each stage
 * stages/NAME/final.zip         a finished stage's model (the one it kept: Selection), with its optimizer state
 * stages/NAME/final-ema.zip     with ema-decay and raw-weights: the EMA's last value, not validated
 * stages/NAME/ckpt-rN.zip       the stage in progress after N rounds (the newest two are kept)
 * stages/NAME/ckpt-rN.kept      beside it, with an EMA or keep = best: the EMA and the best model so far (ModelKeeper)
 * </pre>
 */
public final class RunLayout {
    public static final String RUN_CONFIG = "run-config.json";
    public static final String CONFIG_HISTORY = "config-history.log";
    static final String DATA_IDENTITY = "data-identity.json";
    static final String METRICS = "metrics.csv";
    public static final String CURVES = "training-curves.png";
    private static final String STAGES = "stages";
    private static final String FINAL = "final.zip";
    private static final String FINAL_EMA = "final-ema.zip";
    private static final String CHECKPOINT_PREFIX = "ckpt-r";
    private static final Pattern STATE = Pattern.compile("state-(\\d{6})\\.json");
    /** The run's top folder, where the state files lie (the empty name: {@link RunStore#path} maps it to the root). */
    static final String TOP = "";
    /** What a run writes at the top of its folder. */
    public static final OutputFolder.Kind OUTPUT = new OutputFolder.Kind("train",
            Pattern.compile(STAGES + "|state-\\d+\\.json|.*\\.(csv|json|log|png)"), RunStore.TEMPORARY);

    private RunLayout() { }

    /** The state file of a save's sequence number. */
    static String state(int sequence) { return String.format("state-%06d.json", sequence); }

    /** The sequence number of a state file's name, or empty for any other name. */
    static OptionalInt stateSequence(String name) {
        Matcher m = STATE.matcher(name);
        return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    /** A stage's folder: its final model and checkpoints. */
    public static String stage(String stage) { return STAGES + "/" + stage; }

    public static String finalModel(String stage) { return stage(stage) + "/" + FINAL; }

    /** The EMA of a stage that kept its raw weights. */
    public static String finalEma(String stage) { return stage(stage) + "/" + FINAL_EMA; }

    /** The checkpoint of a stage after {@code round} rounds. */
    public static String checkpoint(String stage, int round) {
        return stage(stage) + "/" + CHECKPOINT_PREFIX + round + ".zip";
    }

    /** What the stage's ModelKeeper saved beside a checkpoint (a path {@link #checkpoint} named). */
    public static String keeperState(String checkpoint) { return checkpoint.replaceFirst("\\.zip$", ".kept"); }

    /** Whether a file name in a stage's folder is a checkpoint or what was saved beside one. */
    public static boolean isCheckpoint(String name) { return name.startsWith(CHECKPOINT_PREFIX); }
}
