package org.rrlfn.jobs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.FileReader;
import java.io.IOException;
import java.io.Reader;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.spark.SparkContexts;
import org.rrlfn.jobs.eval.FuseEvalSettings;
import org.rrlfn.jobs.memory.MemoryCheck;
import org.rrlfn.jobs.memory.WorkerBudget;
import org.rrlfn.jobs.sweep.SweepJob;
import org.rrlfn.jobs.sweep.SweepSettings;
import org.rrlfn.jobs.train.TrainMemory;
import org.rrlfn.jobs.train.config.TrainSettings;

/** The example configurations users copy must pass the same validation as their own files. */
class ExampleConfigsTest {
    @ParameterizedTest
    @ValueSource(strings = {"local.conf", "standalone.conf", "yarn.conf", "kubernetes.conf", "gpu.conf", "sweep-demo.conf", "sweep-asha-demo.conf"})
    void everyExampleConfigValidates(String name) {
        File f = new File("../cluster-conf/" + name);
        var config = Settings.load(List.of("--config", f.getPath()), Map.of()).config();
        TrainSettings.from(config);
        FuseEvalSettings.from(config);
        if (name.startsWith("sweep")) {
            SweepSettings s = SweepSettings.from(config);
            assertFalse(s.space().keys().isEmpty());
            SweepJob.checkSlots(s, config);     // its concurrent trials' ranks fit the master it names
        }
    }

    /**
     * The cluster examples size their executors for the full profile (docs/memory.md): spark-defaults.conf's heap
     * plus the example's memoryOverhead must hold every stage by the memory model, with 7 % to spare (the model's
     * largest training error against a measured peak), under the master each example is written for.
     */
    @ParameterizedTest
    @CsvSource({"standalone.conf, spark://127.0.0.1:7077", "yarn.conf, yarn", "kubernetes.conf, k8s://https://127.0.0.1:6443"})
    void everyClusterExampleHoldsTheFullProfileWithHeadroom(String name, String master) throws IOException {
        var config = Settings.load(List.of("--config", "../cluster-conf/" + name), Map.of()).config();
        TrainSettings s = TrainSettings.from(config);
        Properties defaults = new Properties();
        try (Reader r = new FileReader("../cluster-conf/spark-defaults.conf")) {
            defaults.load(r);
        }
        SparkConf conf = SparkContexts.conf(config, master)
                .set("spark.executor.memory", defaults.getProperty("spark.executor.memory"));
        WorkerBudget b = WorkerBudget.of(conf, s.workers(), 0, 0);
        WorkerBudget lessHeadroom = new WorkerBudget(b.where(), b.slots(), b.workers(), (long) (b.bytes() / 1.07),
                b.detail());
        assertTrue(MemoryCheck.fits(TrainMemory.needs(s, ""), lessHeadroom), name + ": " + b);
    }
}
