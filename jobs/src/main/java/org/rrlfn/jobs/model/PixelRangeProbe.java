package org.rrlfn.jobs.model;

import java.util.function.IntFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.common.UserError;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.onnx.OnnxImport;

/**
 * Whether an imported graph's weights fit the pixel range the user named (1 or 255), measured: a trained SR network
 * returns a flat grey image as the same flat grey, and under the wrong range it does not. The mean survives a wrong
 * range (the network's residual paths keep it); the spread does not, so the measure is the largest distance of any
 * output pixel from the probe's grey.
 *
 * <p>Measured on the published RLFN_S weights (shared/pretrained, exported by pytorch_rrlfn.py export-rlfn, 0..255)
 * and on our own ONNX export of them (0..1), a 24x24 probe of 0.5:
 * <pre>
 *                               right range   wrong range
 *   x2  published (255)            0.0048        0.70  (outputs -0.20..1.15)
 *   x2  our export (1)             0.0048        1.65  (outputs -0.91..2.15)
 *   x4  published (255)            0.0034        1.35  (outputs -0.24..1.85)
 *   x4  our export (1)             0.0034        2.77  (outputs -1.08..3.27)
 *   untrained (seed 42) x2 / x4    0.65 / 0.56 under 1, 0.57 / 0.46 under 255: no evidence either way
 * </pre>
 * {@link #FITS} lies 20x above the worst right range and 7x below the best wrong one. The named range is refused only
 * when it does not fit <em>and</em> the other one does, so a model that returns no grey under either convention (an
 * untrained one) is not judged.
 */
public final class PixelRangeProbe {
    static final double GREY = 0.5;
    /** Largest |output - grey| of a range that fits (0.1 = 25 of 255 grey levels); see the table above. */
    static final double FITS = 0.1;
    private static final int SIDE = 24;

    private PixelRangeProbe() { }

    /** What the other range is, if the named one does not fit and it does. */
    record Verdict(double namedDeviation, double namedMin, double namedMax, int other, double otherDeviation) {
        boolean wrong() {
            return namedDeviation > FITS && otherDeviation <= FITS;
        }

        String describe() {
            return String.format("a flat grey probe (%.1f) comes out as %.2f..%.2f (off by up to %.2f; a range that"
                    + " fits returns it within %.1f), while pixel-range %d returns it within %.3f",
                    GREY, namedMin, namedMax, namedDeviation, FITS, other, otherDeviation);
        }
    }

    /**
     * Refuses a range that does not fit (a wrong one costs dB silently in everything the model does later), before
     * anything is written: "{setting} does not fit {model}: what the probe saw; {fix with the other range}, or
     * {override} if the model really expects pixels in 0..range". import and pipeline name their own keys.
     */
    public static void requireFits(OnnxImport.Imported imported, int range, String setting, String model,
                                   IntFunction<String> fixWithOther, String override) {
        Verdict v = measure(imported, range);
        if (v.wrong())
            throw new UserError(setting + " does not fit " + model + ": " + v.describe() + "; "
                    + fixWithOther.apply(v.other()) + ", or " + override + " if the model really expects pixels in 0.."
                    + range);
    }

    static Verdict measure(OnnxImport.Imported imported, int named) {
        int other = named == 1 ? 255 : 1;
        INDArray namedOut = probe(imported, named);
        return new Verdict(deviation(namedOut), namedOut.minNumber().doubleValue(),
                namedOut.maxNumber().doubleValue(), other, deviation(probe(imported, other)));
    }

    private static INDArray probe(OnnxImport.Imported imported, int range) {
        INDArray grey = Nd4j.valueArrayOf(new long[] {1, 3, SIDE, SIDE}, GREY, DataType.FLOAT);
        return RrlfnModels.upscale(OnnxImport.toModel(imported, range, RrlfnConfig.Form.DEPLOY), grey);
    }

    private static double deviation(INDArray out) {
        return out.sub(GREY).amaxNumber().doubleValue();
    }
}
