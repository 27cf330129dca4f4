package org.rrlfn.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import java.io.File;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.config.Settings;
import org.rrlfn.jobs.LocalSpark;

/** Trials share the sweep's Spark context: each leaves it as it found it. */
class SweepJobTest {
    @TempDir File dir;

    /**
     * The listeners on the context's bus but Spark's own: Spark starts one for barrier stages with the first of them
     * (BarrierCoordinator) and keeps it for the context's life.
     */
    private static List<String> listeners(JavaSparkContext sc) {
        return sc.sc().listenerBus().listeners().stream().map(l -> l.getClass().getName())
                .filter(n -> !n.startsWith("org.apache.spark.")).sorted().toList();
    }

    @Test
    void fourTrialsEndWithTheListenersTheSweepStartedWith() throws Exception {
        File data = org.rrlfn.jobs.SyntheticSubImages.withValidation(new File(dir, "prepared"));
        Config c = Settings.load(List.of("sweep.output=" + new File(dir, "sweep").getPath(), "train.data=" + data.getPath(),
                "model.channels=8", "model.blocks=1", "model.esa-channels=4", "train.batch-size=8", "train.hr-patch=32",
                "train.averaging-frequency=2", "train.validation-images=1", "train.workers=1", "sweep.concurrent=2",
                "sweep.stages=[{name = trial, scale = 2, init = scratch, iterations = 2}]",
                "sweep.space.\"rrlfn.train.seed\"=[1, 2, 3, 4]"), Map.of()).config();
        try (JavaSparkContext sc = LocalSpark.start("sweep-listeners")) {
            assertEquals(List.of(), listeners(sc));
            assertEquals(4, SweepJob.run(sc, SweepSettings.from(c), c).ranked().size());
            assertEquals(List.of(), listeners(sc), "every trial removes the listeners it added");
        }
    }
}
