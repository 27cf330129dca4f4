package org.rrlfn.jobs.train.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.common.log.Console;
import org.rrlfn.jobs.scoring.PairEvaluation;
import org.rrlfn.jobs.train.config.Selection;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.run.RunState;

/**
 * What a stage validates and which model it keeps ({@link Selection}), beside its training: the EMA of the averaged
 * parameters, updated once per round on the driver; the validation of the model it would keep (the EMA, or the trained
 * weights) every validate-every-rounds rounds; with keep = best, the best validated model so far (ties to the later; the
 * stage's start is validated first, so a stage never ends below it on the validation photos). Its state goes into
 * every checkpoint ({@link #saved}) and comes back on a resume, so a resumed stage keeps what an uninterrupted one
 * would. A stage never reports a model it did not validate: {@link #end} takes only a validated last round.
 */
public final class ModelKeeper {
    private final Stage stage;
    private final Selection selection;
    /** Null without ema-decay. */
    private final ParameterEma ema;
    /** Null with validation-images = 0. */
    private final Validator validator;
    /** keep = best: the best validated model so far and its validation; null before the first validation. */
    private float[] best;
    private RunState.Validation bestValidation;
    /** The round of the latest validation, -1 before any. */
    private int lastValidated = -1;
    private RunState.Validation lastValidation;
    private double validationSeconds;
    private int validations;

    /** The model a stage ends with: its weights (a float row vector) and their validation (null without validation). */
    public record Kept(INDArray weights, RunState.Validation validation) { }

    /**
     * What a checkpoint holds besides the network: the EMA (null without one) and keep = best's model so far (null
     * before the first validation, and with keep = last) with its validation.
     */
    public record Saved(double[] ema, float[] best, RunState.Validation bestValidation) {
        private static final int MAGIC = 0x524b4550;   // "RKEP"
        private static final int VERSION = 1;

        public void write(OutputStream raw) throws IOException {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(ema == null ? -1 : ema.length);
            if (ema != null) for (double v : ema) out.writeDouble(v);
            out.writeInt(best == null ? -1 : best.length);
            if (best != null) {
                for (float v : best) out.writeFloat(v);
                RunState.Validation b = bestValidation;
                out.writeInt(b.round);
                out.writeBoolean("ema".equals(b.weights));
                out.writeInt(b.images);
                for (double v : new double[]{b.psnrY, b.bicubicPsnrY, b.blockinessY, b.bicubicBlockinessY}) out.writeDouble(v);
            }
            out.writeInt(MAGIC);   // the end: a truncated file fails to read rather than resume with zeros
            out.flush();
        }

        public static Saved read(InputStream raw) throws IOException {
            DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
            if (in.readInt() != MAGIC || in.readInt() != VERSION) throw new IOException("not a kept-model state file");
            int n = in.readInt();
            double[] ema = n < 0 ? null : new double[n];
            for (int i = 0; i < n; i++) ema[i] = in.readDouble();
            int m = in.readInt();
            float[] best = m < 0 ? null : new float[m];
            RunState.Validation b = null;
            if (best != null) {
                for (int i = 0; i < m; i++) best[i] = in.readFloat();
                b = new RunState.Validation();
                b.round = in.readInt();
                b.weights = in.readBoolean() ? "ema" : "raw";
                b.images = in.readInt();
                b.psnrY = in.readDouble();
                b.bicubicPsnrY = in.readDouble();
                b.blockinessY = in.readDouble();
                b.bicubicBlockinessY = in.readDouble();
            }
            if (in.readInt() != MAGIC) throw new IOException("kept-model state file does not end where it should");
            return new Saved(ema, best, b);
        }
    }

    /**
     * The keeper of {@code stage} starting at {@code start} (its initial parameters, or a checkpoint's) after
     * {@code startRound} rounds, with what that checkpoint saved ({@code resumed}, null on a fresh start).
     *
     * @param stepsPerRound optimizer steps each worker takes in a round (averaging-frequency), for the EMA's decay
     * @param validator     null when the run does not validate
     */
    public ModelKeeper(Stage stage, int stepsPerRound, INDArray start, int startRound, Saved resumed, Validator validator) {
        this.stage = stage;
        this.selection = stage.selection();
        this.validator = validator;
        double decay = selection.decayPerRound(stepsPerRound);
        if (!selection.ema()) {
            ema = null;
        } else if (resumed != null && resumed.ema() != null) {
            ema = new ParameterEma(decay, resumed.ema().clone());
        } else {
            if (startRound > 0)
                Console.info("stage %s: its checkpoint has no EMA (ema-decay set after it was written): the EMA starts"
                        + " from the checkpoint's weights at round %d", stage.name(), startRound);
            ema = ParameterEma.startingAt(decay, start);
        }
        if (resumed != null && resumed.best() != null && selection.keep() == Selection.Keep.BEST) {
            best = resumed.best().clone();
            bestValidation = resumed.bestValidation();
        }
        if (startRound == 0 && selection.keep() == Selection.Keep.BEST) validate(0, start);
    }

    /** Whether the stage keeps an EMA, which takes the averaged parameters of every round. */
    public boolean tracksEma() { return ema != null; }

    /** After a round: the EMA takes the averaged parameters it ended with. */
    public void averaged(INDArray params) {
        if (ema != null) ema.update(params);
    }

    /** Whether the stage validates after {@code round} rounds (its end is validated by {@link #end} in any case). */
    public boolean due(int round) {
        return validator != null && selection.validateEveryRounds() > 0 && round % selection.validateEveryRounds() == 0;
    }

    /** The model the stage would keep now, given its trained (averaged) parameters: the EMA or those. */
    INDArray candidate(INDArray params) {
        return selection.keepsEma() ? ema.weights() : params;
    }

    /**
     * Validates the candidate after {@code round} rounds ({@code params}: the trained parameters then); keep = best
     * keeps it when it is at least as good as the best so far.
     */
    public RunState.Validation validate(int round, INDArray params) {
        INDArray weights = candidate(params);
        long t0 = System.nanoTime();
        PairEvaluation.Summary s = validator.score(weights);
        double seconds = (System.nanoTime() - t0) / 1e9;
        validationSeconds += seconds;
        validations++;
        RunState.Validation v = new RunState.Validation(s, round, selection.keepsEma());
        lastValidated = round;
        lastValidation = v;
        if (selection.keep() == Selection.Keep.BEST && (bestValidation == null || v.psnrY >= bestValidation.psnrY)) {
            best = weights.toFloatVector();
            bestValidation = v;
        }
        Console.info("stage %s validation after round %d (%s): PSNR(Y) %.3f dB, bicubic %.2f dB (%+.3f dB); blockiness %.3f,"
                        + " bicubic %.2f; %d images in %.1f s%s", stage.name(), round, v.weights, v.psnrY, v.bicubicPsnrY,
                v.psnrY - v.bicubicPsnrY, v.blockinessY, v.bicubicBlockinessY, v.images, seconds,
                bestValidation == null ? "" : String.format("; best so far round %d, %.3f dB", bestValidation.round,
                        bestValidation.psnrY));
        return v;
    }

    /** Whether the model after {@code round} rounds has been validated (or the run does not validate). */
    public boolean validatedAt(int round) { return validator == null || lastValidated == round; }

    /**
     * The model the stage ends with after {@code round} rounds ({@code params}: the trained parameters then), which
     * must have been validated: the last candidate, or keep = best's best validated one.
     */
    public Kept end(int round, INDArray params) {
        if (!validatedAt(round)) throw new IllegalStateException("stage " + stage.name() + ": round " + round + " not validated");
        if (validator == null) return new Kept(candidate(params), null);
        if (selection.keep() == Selection.Keep.LAST) return new Kept(candidate(params), lastValidation);
        return new Kept(Nd4j.createFromArray(best).reshape(1, best.length), bestValidation);
    }

    /** The EMA's current weights; null without one. */
    public INDArray ema() { return ema == null ? null : ema.weights(); }

    /** What a checkpoint saves; null when there is nothing to save (no EMA, keep = last). */
    public Saved saved() {
        if (ema == null && selection.keep() == Selection.Keep.LAST) return null;
        return new Saved(ema == null ? null : ema.values(), best, bestValidation);
    }

    /** Seconds spent validating in this stage so far (this process), and how many validations. */
    public double validationSeconds() { return validationSeconds; }

    public int validations() { return validations; }
}
