package org.rrlfn.model.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Per-op wall times of a SameDiff graph, by pass, and the roles OpRoles gives the op types. */
class OpTimesTest {
    @Test
    void recordsEachOpOfARecordedPassWithItsRole() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", Nd4j.rand(DataType.FLOAT, 2, 3));
        SDVariable w = sd.var("w", Nd4j.rand(DataType.FLOAT, 3, 4));
        SDVariable y = sd.nn().sigmoid("y", x.mmul(w));
        OpTimes times = new OpTimes();
        sd.addListeners(times);

        times.beginPass(OpTimes.Pass.SCORE);   // warm-up: not recorded, but its op names are the forward ones
        sd.outputSingle(new HashMap<>(), "y");
        times.endPass();
        assertTrue(!times.records().iterator().hasNext(), "nothing recorded before recording(true)");
        assertEquals(2, times.forwardOpNames().size(), "matmul and sigmoid: " + times.forwardOpNames());

        times.recording(true);
        for (int i = 0; i < 3; i++) {
            times.beginPass(OpTimes.Pass.SCORE);
            sd.outputSingle(new HashMap<>(), "y");
            times.endPass();
        }
        Map<String, String> roles = new HashMap<>();
        for (OpTimes.OpRecord r : times.records()) {
            assertEquals(OpTimes.Pass.SCORE, r.pass);
            assertEquals(3, r.count, r.name);
            assertTrue(r.nanos > 0, r.name);
            roles.put(r.type, OpRoles.of(r));
        }
        assertEquals("ESA sigmoid", roles.get("sigmoid"), roles.toString());
        assertEquals("ESA bilinear resize: matmul", roles.get("matmul"), roles.toString());
        assertTrue(times.passNanos(OpTimes.Pass.SCORE) > 0);
        assertEquals(0, times.passNanos(OpTimes.Pass.GRADIENTS));
    }
}
