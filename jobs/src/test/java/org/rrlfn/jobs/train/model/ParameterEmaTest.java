package org.rrlfn.jobs.train.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.jobs.train.config.Selection;
import org.rrlfn.jobs.train.run.RunState;

/**
 * The EMA's arithmetic on three parameters, worked by hand, and the file a checkpoint keeps it in (ModelKeeper.Saved):
 * what comes back is what went in, bit for bit, and a damaged file is refused.
 */
class ParameterEmaTest {
    /**
     * ema-decay d = 0.9 per step, 2 steps a round: d_round = 0.9² = 0.81, 1 − d_round = 0.19. Start (1, −2, 0.5), rounds
     * ending at (2, 0, 1), (0, 4, −1), (1, 1, 1):
     * <pre>
     * round 1: 0.81·( 1,     −2,      0.5    ) + 0.19·(2, 0,  1) = (1.19,     −1.62,     0.595    )
     * round 2: 0.81·( 1.19,  −1.62,   0.595  ) + 0.19·(0, 4, −1) = (0.9639,   −0.5522,   0.29195  )
     * round 3: 0.81·( 0.9639, −0.5522, 0.29195) + 0.19·(1, 1,  1) = (0.970759, −0.257282, 0.4264795)
     * </pre>
     */
    @Test
    void threeParametersOverThreeRoundsAsWorkedByHand() {
        double perRound = new Selection(0.9, false, 0, Selection.Keep.LAST).decayPerRound(2);
        assertEquals(0.81, perRound, 1e-15);
        ParameterEma ema = ParameterEma.startingAt(perRound, Nd4j.createFromArray(1f, -2f, 0.5f).reshape(1, 3));
        ema.update(Nd4j.createFromArray(2f, 0f, 1f).reshape(1, 3));
        assertArrayEquals(new double[]{1.19, -1.62, 0.595}, ema.values(), 1e-7);
        ema.update(Nd4j.createFromArray(0f, 4f, -1f).reshape(1, 3));
        assertArrayEquals(new double[]{0.9639, -0.5522, 0.29195}, ema.values(), 1e-7);
        ema.update(Nd4j.createFromArray(1f, 1f, 1f).reshape(1, 3));
        assertArrayEquals(new double[]{0.970759, -0.257282, 0.4264795}, ema.values(), 1e-7);
        assertArrayEquals(new float[]{0.970759f, -0.257282f, 0.4264795f}, ema.weights().toFloatVector(), 1e-7f);
        assertEquals(3, ema.weights().columns(), "a row vector, as a network's parameters");
        assertThrows(IllegalArgumentException.class, () -> ema.update(Nd4j.createFromArray(1f, 2f).reshape(1, 2)));
    }

    /** BasicSR's d per step, once a round: the start's weight after n steps is d^n whatever the steps per round. */
    @Test
    void theStartKeepsTheSameWeightPerStepWhateverTheAveragingFrequency() {
        Selection s = new Selection(0.999, false, 0, Selection.Keep.LAST);
        assertEquals(Math.pow(s.decayPerRound(5), 70), Math.pow(s.decayPerRound(10), 35), 1e-12);
        assertEquals(Math.pow(0.999, 350), Math.pow(s.decayPerRound(5), 70), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new Selection(1, false, 0, Selection.Keep.LAST));
        assertThrows(IllegalArgumentException.class, () -> new Selection(-0.1, false, 0, Selection.Keep.LAST));
    }

    @Test
    void aCheckpointsKeptStateReadsBackBitForBitAndADamagedOneIsRefused() throws IOException {
        double[] ema = {Math.PI, -1e-300, Double.MIN_VALUE, 0.1 + 0.2};
        float[] best = {1.5f, -0f, Float.MAX_VALUE};
        RunState.Validation v = new RunState.Validation();
        v.round = 7;
        v.weights = "ema";
        v.images = 2;
        v.psnrY = 41.234567891;
        v.bicubicPsnrY = 40.5;
        v.blockinessY = 1.1;
        v.bicubicBlockinessY = 1.3;
        byte[] file = bytes(new ModelKeeper.Saved(ema, best, v));
        ModelKeeper.Saved back = ModelKeeper.Saved.read(new ByteArrayInputStream(file));
        assertArrayEquals(ema, back.ema());
        assertArrayEquals(best, back.best());
        assertEquals(7, back.bestValidation().round);
        assertEquals("ema", back.bestValidation().weights);
        assertEquals(2, back.bestValidation().images);
        assertEquals(41.234567891, back.bestValidation().psnrY);
        assertEquals(1.3, back.bestValidation().bicubicBlockinessY);

        ModelKeeper.Saved emaOnly = ModelKeeper.Saved.read(new ByteArrayInputStream(bytes(new ModelKeeper.Saved(ema, null, null))));
        assertArrayEquals(ema, emaOnly.ema());
        assertNull(emaOnly.best());
        assertNull(emaOnly.bestValidation());

        assertThrows(IOException.class, () -> ModelKeeper.Saved.read(new ByteArrayInputStream(Arrays.copyOf(file, file.length - 3))),
                "truncated");
        byte[] other = file.clone();
        other[0] ^= 1;
        assertThrows(IOException.class, () -> ModelKeeper.Saved.read(new ByteArrayInputStream(other)), "not this format");
    }

    private static byte[] bytes(ModelKeeper.Saved s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.write(out);
        return out.toByteArray();
    }
}
