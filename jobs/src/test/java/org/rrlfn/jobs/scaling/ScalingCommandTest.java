package org.rrlfn.jobs.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.jobs.report.ScalingChart;

/** {@code rrlfn scaling}: the fitted overhead, a table per executor kind and frequency, the chart. */
class ScalingCommandTest {
    @TempDir Path dir;

    @Test
    void writesTheTableAndTheChart() throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        System.setOut(new PrintStream(b, true, StandardCharsets.UTF_8));
        try {
            ScalingCommand.COMMAND.run(List.of("--output", dir.toString(), "scaling.executors=[1, 4]",
                    "scaling.averaging-frequencies=[1, 8]"), System.out);
        } finally {
            System.setOut(stdout);
        }
        String printed = b.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("overhead(n): [dl4j "), printed);
        String md = Files.readString(dir.resolve("scaling-table.md"));
        assertEquals(2 + 4 * 2 * 2 * 2, md.lines().filter(l -> l.startsWith("|")).count(),
                "header, rule, paths x kinds x H x n\n" + md);
        assertTrue(md.lines().anyMatch(l -> l.startsWith("| barrier")) && printed.contains("star transfer")
                && printed.contains("ring transfer"), md);
        assertTrue(md.lines().anyMatch(l -> l.startsWith("| barrier (star")) && md.lines().anyMatch(l -> l.startsWith("| dl4j")), md);
        assertTrue(Files.size(dir.resolve("scaling.png")) > 1000);
    }

    @Test
    void theChartDatasetHasOneSeriesPerCurve() {
        var curves = List.of(new ScalingChart.Curve("CPU, H = 1", 0, false, false, List.of(1, 2), new double[]{1, 0.9}),
                new ScalingChart.Curve("GPU, H = 1", 0, true, true, List.of(1, 2), new double[]{1, 0.5}));
        var data = ScalingChart.dataset(curves);
        assertEquals(2, data.getSeriesCount());
        assertEquals(50.0, data.getSeries(1).getY(1).doubleValue(), "in percent");
        assertTrue(ScalingChart.chart("t", curves).getXYPlot().getDataset() != null);
    }
}
