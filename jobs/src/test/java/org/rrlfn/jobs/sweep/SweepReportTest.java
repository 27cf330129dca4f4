package org.rrlfn.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        String table = SweepReport.table(List.of(best, other), keys).render();
        assertTrue(table.indexOf("trial-003") < table.indexOf("trial-001"), table);

        SweepReport.write(dir, List.of(best, other), keys);
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
}
