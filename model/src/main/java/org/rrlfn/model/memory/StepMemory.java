package org.rrlfn.model.memory;

import java.util.Locale;
import org.rrlfn.model.Engine;
import org.rrlfn.model.arch.Complexity;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.losses.LossConfig;

/**
 * What one worker's training step holds at its peak, in bytes, the way the process's resident memory counts it:
 * <ul>
 *   <li>runtime: the JVM with Spark, DL4J and ND4J's native libraries (and libtorch's, on the torch engine) loaded and
 *       the heap they use;</li>
 *   <li>parameters: the TRAIN form's parameters, their gradients, Adam's m and v, and the averaged state a round
 *       writes in (parameters, m, v again);</li>
 *   <li>activations: every feature map the forward pass writes (network and loss, for the whole minibatch) times the
 *       engine's activation factor. The backward pass keeps forward outputs and writes gradients beside them, so the
 *       peak is a multiple of the forward maps; the factor is measured, not derived;</li>
 *   <li>transients: the largest single map, twice (a convolution's backward writes its input's and its output's
 *       gradient at once).</li>
 * </ul>
 * Runtime and factor are a least-squares fit of peak RSS measured by {@code rrlfn benchmark-memory} at seven sizes,
 * x2 and x4, L1 and L1 + contrastive, each engine its own ({@link Calibration}). They belong to the engine's step as
 * it is built: NHWC feature maps lowered every DL4J peak above 1 GiB by 10-39 % and were refitted (docs/memory.md).
 */
public record StepMemory(long runtime, long parameters, long activations, long transients) {
    /**
     * One engine's fit.
     *
     * @param runtime          peak RSS of a local[1] worker JVM less its network's step: the intercept
     * @param activationFactor peak RSS per byte of forward feature maps: the slope
     */
    record Calibration(long runtime, double activationFactor) { }

    /**
     * DL4J (SameDiff keeps each forward output for the backward pass, writes a gradient for each, and its array cache
     * keeps released arrays). oneDNN picks its kernels by the CPU's instruction set and its AVX2 kernels hold more:
     * with oneDNN held to AVX2 seven peaks of 1.1 to 10.6 GiB fit 5.1 within +9 / -4 %; the same sizes on AVX-512 fit
     * 3.9, so on an AVX-512 machine this over-states a step by up to 30 %. One calibration, the larger, because the
     * check runs on the driver and cannot see the executors' CPUs.
     */
    static final Calibration DL4J = new Calibration(580L << 20, 5.1);
    /**
     * libtorch (autograd keeps what the backward needs and frees the rest as it goes; the engine computes on
     * channels-last maps): seven peaks of 0.6 to 2.9 GiB (x2 and x4, L1 and L1 + contrastive, AVX-512) within +17 / -1 %
     * of the fit, three of them also with AVX2 kernels within +15 / 0 %.
     */
    static final Calibration TORCH = new Calibration(580L << 20, 1.2);
    /**
     * A training job's JVM holds more than its workers' steps: the driver's network and averaged state, the
     * workers' read-ahead. Two x4 workers (HR crop 256, 32 each) in one local[2] train JVM peaked 1.17 GiB (7 %)
     * above the same two steps in benchmark-memory; 10 % of the activations covers that.
     */
    static final double TRAINING_JOB = 1.1;
    /**
     * Peak RSS per byte of an inference's feature maps (DEPLOY form, DL4J: upscale's engines are DL4J and ONNX
     * Runtime): x4 tiles of 128, 256 and 512 LR pixels measured 0.64, 1.44 and 4.79 GiB; 0.9 keeps all three within
     * 23 % (the smallest tile is mostly runtime, which an inference alone holds less of).
     */
    static final double INFERENCE_FACTOR = 0.9;
    private static final int FLOAT = Float.BYTES;

    static Calibration of(Engine e) { return e == Engine.TORCH ? TORCH : DL4J; }

    /** Per-worker peak of a training step on {@code engine}: HR crops of hrCrop, batch samples a worker, the TRAIN form. */
    public static StepMemory training(Engine engine, RrlfnConfig arch, LossConfig loss, int hrCrop, int batch) {
        int s = arch.scale();
        long lr = hrCrop / s;
        FeatureMaps maps = FeatureMaps.of(arch, lr, lr);
        FeatureMaps.Map hr = new FeatureMaps.Map(3, hrCrop, hrCrop);
        maps.written(hr);                       // the label
        maps.written(hr);                       // L1: SR - HR
        maps.written(hr);                       // |SR - HR|
        if (loss.contrastive()) contrastive(maps, loss.extractorChannels(), lr, hrCrop);
        long params = Complexity.parameters(arch);
        Calibration c = of(engine);
        return new StepMemory(c.runtime(), 7 * params * FLOAT,
                Math.round(c.activationFactor() * maps.total() * batch * FLOAT), 2 * maps.largest() * batch * FLOAT);
    }

    /**
     * Peak of one inference of the DEPLOY form on an lrH × lrW image (an upscale tile): its forward maps times
     * {@link #INFERENCE_FACTOR} (nothing is kept for a backward pass, so far fewer live at once than in training).
     */
    public static StepMemory inference(RrlfnConfig arch, long lrH, long lrW) {
        FeatureMaps maps = FeatureMaps.of(arch.withForm(RrlfnConfig.Form.DEPLOY), lrH, lrW);
        return new StepMemory(DL4J.runtime(), Complexity.parameters(arch.withForm(RrlfnConfig.Form.DEPLOY)) * FLOAT,
                Math.round(INFERENCE_FACTOR * maps.total() * FLOAT), 2 * maps.largest() * FLOAT);
    }

    /**
     * Eq. 9's maps: the bicubic negative (a separable resize of the LR input), the extractor's two levels on SR, HR
     * and the negative (unpadded 3×3 convs), and |a − p|, |a − n| at each level.
     */
    private static void contrastive(FeatureMaps maps, int[] widths, long lr, long hr) {
        maps.written(new FeatureMaps.Map(3, hr, lr));
        maps.written(new FeatureMaps.Map(3, hr, hr));
        long side1 = hr - 2, side2 = hr - 4;
        for (int image = 0; image < 3; image++) {
            maps.written(new FeatureMaps.Map(widths[0], side1, side1));   // conv1
            maps.written(new FeatureMaps.Map(widths[0], side1, side1));   // tanh
            maps.written(new FeatureMaps.Map(widths[1], side2, side2));   // conv2
        }
        for (int pair = 0; pair < 4; pair++) {                               // sub and abs, positive and negative
            maps.written(new FeatureMaps.Map(widths[0], side1, side1));
            maps.written(new FeatureMaps.Map(widths[1], side2, side2));
        }
    }

    /** The peak a worker needs beyond the runtime it shares with others in one JVM (local[N]). */
    public long perWorker() { return parameters + activations + transients; }

    /** The peak of a JVM that runs this step alone. */
    public long total() { return runtime + perWorker(); }

    /** This step inside a training job: its activations with {@link #TRAINING_JOB}'s allowance. */
    public StepMemory inTrainingJob() {
        return new StepMemory(runtime, parameters, Math.round(activations * TRAINING_JOB), transients);
    }

    /** The peak of a JVM whose {@code workers} workers run this step at once (local[N], an executor's task slots). */
    public long inJvmOf(int workers) { return runtime + workers * perWorker(); }

    /** "1.23 GiB" — binary units, as the JVM and Spark count memory. */
    public static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }

    @Override public String toString() {
        return String.format(Locale.ROOT, "%s per worker (activations %s, largest transients %s, parameters + Adam %s)"
                        + " + runtime %s", gib(perWorker()), gib(activations), gib(transients), gib(parameters),
                gib(runtime));
    }
}
