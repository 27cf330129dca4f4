package org.rrlfn.jobs.train.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** The paper's learning rate: halved every period steps, counted from the stage's first step, after any warm-up. */
class HalvingScheduleTest {
    @Test
    void halvesEveryPeriodFromTheFirstIteration() {
        HalvingSchedule s = new HalvingSchedule(1e-3, 100, 50, 0);
        assertEquals(1e-3, s.valueAt(0, 0));
        assertEquals(1e-3, s.valueAt(149, 0));
        assertEquals(5e-4, s.valueAt(150, 3));
        assertEquals(2.5e-4, s.valueAt(250, 0));
        assertEquals(s, s.clone());
    }

    /** BasicSR's linear warm-up: the stage's step k = 1, 2, ... runs at lr k / warmup until it reaches lr. */
    @Test
    void warmsUpLinearlyOverTheStagesFirstSteps() {
        HalvingSchedule s = new HalvingSchedule(1e-3, 6, 10, 4);
        assertEquals(0.25e-3, s.valueAt(10, 0), 1e-18, "the stage's first step: 1/4 of lr");
        assertEquals(0.50e-3, s.valueAt(11, 0), 1e-18);
        assertEquals(0.75e-3, s.valueAt(12, 0), 1e-18);
        assertEquals(1e-3, s.valueAt(13, 0), 1e-18, "warmed up");
        assertEquals(1e-3, s.valueAt(15, 0), 1e-18);
        assertEquals(5e-4, s.valueAt(16, 0), 1e-18, "the halving counts from the stage's start, warm-up included");
    }

    @Test
    void survivesJsonAsDl4jStoresItAndRefusesNonsense() throws Exception {
        HalvingSchedule s = new HalvingSchedule(2e-4, 7, 3, 5);
        ObjectMapper json = new ObjectMapper();
        HalvingSchedule back = json.readValue(json.writeValueAsString(s), HalvingSchedule.class);
        assertEquals(s, back);
        assertEquals(s.hashCode(), back.hashCode());
        assertEquals(new HalvingSchedule(2e-4, 7, 3, 0),
                json.readValue("{\"@class\": \"org.rrlfn.jobs.train.HalvingSchedule\", \"lr\": 2e-4, \"period\": 7,"
                        + " \"first\": 3}", HalvingSchedule.class),
                "a checkpoint from before warm-up (and before the train package's layout) has none");
        HalvingSchedule moved = json.readValue(json.writeValueAsString(new org.rrlfn.jobs.train.HalvingSchedule(2e-4, 7, 3, 5)),
                HalvingSchedule.class);
        assertEquals(s, moved, "the old class name reads back as the same schedule");
        assertEquals(s.valueAt(20, 0), moved.valueAt(20, 0));
        assertThrows(IllegalArgumentException.class, () -> new HalvingSchedule(0, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new HalvingSchedule(1e-3, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new HalvingSchedule(1e-3, 1, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new HalvingSchedule(1e-3, 1, 0, -1));
    }
}
