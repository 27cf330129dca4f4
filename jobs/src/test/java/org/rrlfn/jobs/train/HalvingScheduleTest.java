package org.rrlfn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** The paper's learning rate: halved every period steps, counted from the stage's first step. */
class HalvingScheduleTest {
    @Test
    void halvesEveryPeriodFromTheFirstIteration() {
        HalvingSchedule s = new HalvingSchedule(1e-3, 100, 50);
        assertEquals(1e-3, s.valueAt(0, 0));
        assertEquals(1e-3, s.valueAt(149, 0));
        assertEquals(5e-4, s.valueAt(150, 3));
        assertEquals(2.5e-4, s.valueAt(250, 0));
        assertEquals(s, s.clone());
    }

    @Test
    void survivesJsonAsDl4jStoresItAndRefusesNonsense() throws Exception {
        HalvingSchedule s = new HalvingSchedule(2e-4, 7, 3);
        ObjectMapper json = new ObjectMapper();
        HalvingSchedule back = json.readValue(json.writeValueAsString(s), HalvingSchedule.class);
        assertEquals(s, back);
        assertEquals(s.hashCode(), back.hashCode());
        assertThrows(IllegalArgumentException.class, () -> new HalvingSchedule(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new HalvingSchedule(1e-3, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new HalvingSchedule(1e-3, 1, -1));
    }
}
