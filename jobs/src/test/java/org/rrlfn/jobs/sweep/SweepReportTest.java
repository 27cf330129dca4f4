package org.rrlfn.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep's results: table, CSV, chart and the best trial's overrides as a config file. */
class SweepReportTest {
    @TempDir Path dir;

    @Test
    void theBestTrialBecomesAConfigFileAndEveryTrialARow() throws Exception {
        Trial best = new Trial(3, Map.of("rrlfn.train.stage-defaults.lr", ConfigValueFactory.fromAnyRef(1e-3),
                "rrlfn.train.run", ConfigValueFactory.fromAnyRef("a \"b\"")), 33.25, 32.0, 61);
        Trial other = new Trial(1, Map.of("rrlfn.train.stage-defaults.lr", ConfigValueFactory.fromAnyRef(5e-4),
                "rrlfn.train.run", ConfigValueFactory.fromAnyRef("c")), 33.0, 32.0, 58);
        assertEquals("trial-003", best.id());
        List<String> keys = List.of("rrlfn.train.stage-defaults.lr", "rrlfn.train.run");
        String table = SweepReport.table(List.of(best, other), keys, List.of()).render();
        assertTrue(table.indexOf("trial-003") < table.indexOf("trial-001"), table);

        SweepReport.write(dir, List.of(best, other), keys, List.of());
        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals("trial,rrlfn.train.stage-defaults.lr,rrlfn.train.run,psnr_y,bicubic_psnr_y,seconds", csv.get(0));
        assertTrue(csv.get(1).startsWith("trial-003,") && csv.get(1).endsWith(",33.2500,32.0000,61.0"), csv.get(1));
        String conf = Files.readString(dir.resolve("best.conf"));
        assertTrue(conf.contains("rrlfn.train.stage-defaults.lr = 0.001"), conf);
        assertTrue(conf.contains("rrlfn.train.run = \"a \\\"b\\\"\""), conf);
        assertTrue(com.typesafe.config.ConfigFactory.parseString(conf).getString("rrlfn.train.run").equals("a \"b\""));
        assertTrue(Files.size(dir.resolve("psnr-by-trial.png")) > 1000);
        assertTrue(Files.readString(dir.resolve("results.md")).contains("psnr-by-trial.png"));
    }

    /** Under ASHA: the rung each trial reached, its PSNR per rung, the stopped ones marked, and the steps chart. */
    @Test
    void ashaTrialsShowTheirRungsAndWhereTheyStopped() throws Exception {
        Map<String, com.typesafe.config.ConfigValue> p = Map.of("rrlfn.train.seed", ConfigValueFactory.fromAnyRef(1));
        Trial done = new Trial(4, p, 35, 27, 30, List.of(33.0, 34.0, 35.0), false);
        Trial stopped = new Trial(0, p, 30, 27, 10, List.of(30.0), true);
        List<Long> rungs = List.of(10L, 20L, 40L);
        String table = SweepReport.table(List.of(done, stopped), List.of("rrlfn.train.seed"), rungs).render();
        assertTrue(table.contains("rung 2 (40 steps)") && table.contains("stopped at rung 0")
                && table.contains("completed (rung 2)"), table);
        SweepReport.write(dir, List.of(done, stopped), List.of("rrlfn.train.seed"), rungs);
        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals("trial,rrlfn.train.seed,psnr_y,bicubic_psnr_y,seconds,rung_reached,stopped,psnr_y_rung0,psnr_y_rung1,psnr_y_rung2",
                csv.get(0));
        assertEquals("trial-000,\"1\",30.0000,27.0000,10.0,0,true,30.0000,,", csv.get(2));
        assertTrue(Files.size(dir.resolve(SweepReport.STEPS_CHART)) > 1000);
        assertTrue(Files.readString(dir.resolve("results.md")).contains(SweepReport.STEPS_CHART));
    }

    /**
     * Under ASHA the best trial is the best of those that reached the last rung; when none did (a setting that
     * promotes too few), there is no best.conf and the report says why.
     */
    @Test
    void withNoTrialAtTheLastRungThereIsNoBestAndTheReportSaysSo() throws Exception {
        Map<String, com.typesafe.config.ConfigValue> p = Map.of("rrlfn.train.seed", ConfigValueFactory.fromAnyRef(1));
        Trial further = new Trial(4, p, 31, 27, 20, List.of(30.0, 31.0), true);
        Trial stopped = new Trial(0, p, 32, 27, 10, List.of(32.0), true);
        List<Long> rungs = List.of(10L, 20L, 40L);
        Files.writeString(dir.resolve("best.conf"), "rrlfn.train.seed = 9\n");     // an earlier sweep's
        SweepReport.write(dir, List.of(further, stopped), List.of("rrlfn.train.seed"), rungs);
        assertFalse(Files.exists(dir.resolve("best.conf")), "no best trial, no best.conf");
        String md = Files.readString(dir.resolve("results.md"));
        assertTrue(md.contains("No trial reached the last rung (40 steps)"), md);
    }
}
