package org.rrlfn.model.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/** Mean absolute error, over everything or per example. */
class L1LossTest {
    @Test
    void meanAndPerExampleMeanOfAbsoluteDifferences() {
        SameDiff sd = SameDiff.create();
        var a = sd.constant(Nd4j.createFromArray(new double[]{1, 2, 3, 4, 0, 0, 0, 0}).reshape(2, 1, 2, 2));
        var b = sd.constant(Nd4j.createFromArray(new double[]{1, 0, 3, 0, 1, -1, 1, -1}).reshape(2, 1, 2, 2));
        assertEquals(1.25, L1Loss.mean(sd, a, b).eval().getDouble(0), 1e-12);
        assertArrayEquals(new double[]{1.5, 1.0}, L1Loss.perExample(sd, a, b).eval().toDoubleVector(), 1e-12);
    }
}
