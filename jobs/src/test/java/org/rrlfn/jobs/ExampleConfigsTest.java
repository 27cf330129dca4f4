package org.rrlfn.jobs;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.File;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rrlfn.common.config.Settings;
import org.rrlfn.jobs.eval.FuseEvalSettings;
import org.rrlfn.jobs.sweep.SweepSettings;
import org.rrlfn.jobs.train.TrainSettings;

/** The example configurations users copy must pass the same validation as their own files. */
class ExampleConfigsTest {
    @ParameterizedTest
    @ValueSource(strings = {"local.conf", "standalone.conf", "yarn.conf", "kubernetes.conf", "gpu.conf", "sweep-demo.conf", "sweep-asha-demo.conf"})
    void everyExampleConfigValidates(String name) {
        File f = new File("../cluster-conf/" + name);
        var config = Settings.load(List.of("--config", f.getPath()), Map.of()).config();
        TrainSettings.from(config);
        FuseEvalSettings.from(config);
        if (name.startsWith("sweep")) assertFalse(SweepSettings.from(config).space().keys().isEmpty());
    }
}
