package org.rrlfn.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.UserError;
import org.rrlfn.common.files.DiskFull;

class ChartsTest {
    @TempDir Path dir;

    @Test
    void tradeOffDatasetHoldsEveryPublishedModelAndOurs() {
        List<TradeOffChart.Ours> ours = List.of(new TradeOffChart.Ours("ours x4", 470.208, 812.5, 26.01));
        LabelledPoints p = TradeOffChart.dataset(PaperTables.TABLE2_X4, PaperTables.Benchmark.URBAN100,
                TradeOffChart.Axis.PARAMETERS, ours);
        XYSeriesCollection d = p.data();
        assertEquals(TradeOffChart.PUBLISHED, d.getSeriesKey(0));
        XYSeries published = d.getSeries(0);
        assertEquals(11, published.getItemCount());
        // Table 2: DRCN, 1774K, Urban100 25.14 dB; RRLFN, 470K, 26.15 dB.
        int drcn = indexOf(p, 0, "DRCN");
        assertEquals(1774, published.getX(drcn).doubleValue());
        assertEquals(25.14, published.getY(drcn).doubleValue());
        int rrlfn = indexOf(p, 0, "RRLFN");
        assertEquals(470, published.getX(rrlfn).doubleValue());
        assertEquals(26.15, published.getY(rrlfn).doubleValue());
        assertEquals("ours x4", p.label(1, 0));
        assertEquals(470.208, d.getSeries(1).getX(0).doubleValue());

        LabelledPoints runtime = TradeOffChart.dataset(PaperTables.TABLE1_X2, PaperTables.Benchmark.SET14,
                TradeOffChart.Axis.RUNTIME, ours);
        // Table 1: CARN ran 159.10 ms and scored 33.52 dB on Set14.
        int carn = indexOf(runtime, 0, "CARN");
        assertEquals(159.10, runtime.data().getSeries(0).getX(carn).doubleValue());
        assertEquals(33.52, runtime.data().getSeries(0).getY(carn).doubleValue());
        assertEquals(812.5, runtime.data().getSeries(1).getX(0).doubleValue());
    }

    @Test
    void tradeOffChartsAreWrittenAsPngsOfTheRequestedSize() throws Exception {
        for (TradeOffChart.Axis axis : TradeOffChart.Axis.values()) {
            LabelledPoints p = TradeOffChart.dataset(PaperTables.TABLE2_X4, PaperTables.Benchmark.BSD100, axis,
                    List.of(new TradeOffChart.Ours("ours", 470, 900, 27.4)));
            Path file = dir.resolve("fig7-" + axis + ".png");
            ChartFiles.png(TradeOffChart.chart("x4, BSD100", PaperTables.Benchmark.BSD100, axis, p), file, 800, 600);
            assertPng(file, 800, 600);
        }
    }

    @Test
    void trainingCurvesKeepEachStageAsASeries() throws Exception {
        List<TrainingCurveChart.Stage> stages = List.of(
                new TrainingCurveChart.Stage("x2 run 1", new long[]{5, 10, 15}, new double[]{0.09, 0.05, 0.04}),
                new TrainingCurveChart.Stage("x2 run 2 (warm start)", new long[]{20, 25}, new double[]{0.035, 0.033}));
        XYSeriesCollection d = TrainingCurveChart.dataset(stages);
        assertEquals(2, d.getSeriesCount());
        assertEquals("x2 run 2 (warm start)", d.getSeriesKey(1));
        assertEquals(25.0, d.getSeries(1).getX(1).doubleValue());
        assertEquals(0.05, d.getSeries(0).getY(1).doubleValue());

        Path file = dir.resolve("curves.png");
        ChartFiles.png(TrainingCurveChart.chart("loss", stages, true), file, 640, 400);
        assertPng(file, 640, 400);

        List<TrainingCurveChart.Stage> zero = List.of(new TrainingCurveChart.Stage("s", new long[]{1}, new double[]{0}));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainingCurveChart.chart("loss", zero, true))
                .getMessage().contains("logarithmic"));
        assertThrows(IllegalArgumentException.class, () -> new TrainingCurveChart.Stage("s", new long[]{1, 2}, new double[]{1}));
    }

    @Test
    void comparisonStripShowsEachCropEnlargedAndLabelled() throws Exception {
        BufferedImage hr = solid(40, 30, Color.RED), bicubic = solid(40, 30, Color.GREEN), ours = solid(40, 30, Color.BLUE);
        ours.setRGB(12, 7, Color.WHITE.getRGB());   // the crop's top-left pixel
        Rectangle crop = new Rectangle(12, 7, 10, 8);
        BufferedImage strip = ComparisonStrip.render(List.of(new ComparisonStrip.Panel("HR", hr),
                new ComparisonStrip.Panel("Bicubic", bicubic), new ComparisonStrip.Panel("Ours", ours)), crop, 4);
        int gap = ComparisonStrip.GAP;
        // 3·(4·10) + 4·8 = 152 wide; 4·8 + 24 + 2·8 = 72 high.
        assertEquals(152, strip.getWidth());
        assertEquals(72, strip.getHeight());
        assertEquals(Color.RED.getRGB(), strip.getRGB(gap + 20, gap + 16));
        assertEquals(Color.GREEN.getRGB(), strip.getRGB(2 * gap + 40 + 20, gap + 16));
        int oursX = 3 * gap + 80;
        // The white source pixel becomes a 4×4 block (nearest neighbour), then blue resumes.
        assertEquals(Color.WHITE.getRGB(), strip.getRGB(oursX + 3, gap + 3));
        assertEquals(Color.BLUE.getRGB(), strip.getRGB(oursX + 4, gap + 3));

        Path file = dir.resolve("strip.png");
        ChartFiles.png(strip, file);
        assertPng(file, 152, 72);

        String m = assertThrows(IllegalArgumentException.class, () -> ComparisonStrip.render(
                List.of(new ComparisonStrip.Panel("HR", hr)), new Rectangle(35, 0, 10, 10), 2)).getMessage();
        assertTrue(m.contains("'HR'") && m.contains("40x30"), m);
    }

    private static int indexOf(LabelledPoints p, int series, String label) {
        for (int i = 0; i < p.data().getSeries(series).getItemCount(); i++) if (p.label(series, i).equals(label)) return i;
        throw new AssertionError("no point labelled " + label);
    }

    private static BufferedImage solid(int w, int h, Color c) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, c.getRGB());
        return img;
    }

    static void assertPng(Path file, int width, int height) throws Exception {
        byte[] head = Files.readAllBytes(file);
        assertTrue(head.length > 8 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G',
                file + " is not a PNG");
        BufferedImage img = ImageIO.read(file.toFile());
        assertEquals(width, img.getWidth());
        assertEquals(height, img.getHeight());
    }

    /**
     * A figure written to a full disk (its temporary file is /dev/full, which fails every write with "No space left on
     * device") stops in one line naming the figure, and leaves neither it nor its temporary file.
     */
    @Test
    void aFigureOnAFullDiskIsOneLineNamingItAndLeavesNothing() throws Exception {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full), "no /dev/full here");
        Path png = dir.resolve("comparison-s2.png");
        Files.createSymbolicLink(dir.resolve(".comparison-s2.png.tmp"), full);
        UserError e = assertThrows(UserError.class, () -> ChartFiles.png(new BufferedImage(640, 480,
                BufferedImage.TYPE_INT_RGB), png));
        assertTrue(e instanceof DiskFull && e.getMessage().contains(png.toString())
                && e.getMessage().contains("no space left") && !e.getMessage().contains("\n"), e.getMessage());
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "nothing left");
        }
    }
}
