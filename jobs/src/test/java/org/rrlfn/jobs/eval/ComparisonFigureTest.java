package org.rrlfn.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.data.image.Bicubic;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.data.image.RgbTensors;
import org.rrlfn.jobs.TorchBilinear;
import org.rrlfn.jobs.report.ComparisonStrip;
import org.rrlfn.jobs.scoring.Blockiness;
import org.rrlfn.jobs.scoring.EvalSet;
import org.rrlfn.jobs.scoring.YChannel;
import org.rrlfn.jobs.train.config.Initialisation;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.config.StageInit;
import org.rrlfn.jobs.train.model.ModelInit;
import org.rrlfn.jobs.upscale.SyntheticPhoto;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.losses.LossConfig;

/**
 * The comparison strip fuse-eval writes is read back from its PNG, panel by panel, and checked by numbers, since
 * nobody looks at it in CI: each panel shows exactly its image's crop, and the "ours" panel's blockiness tells a
 * smooth model from a blocky one. Models with a known output stand in for trained ones: the bilinear and the
 * nearest-neighbour starts.
 */
class ComparisonFigureTest {
    private static final int S = 2;
    @TempDir Path dir;

    private final Rgb8 hr = SyntheticPhoto.create(96, 80, 5);
    private final Rgb8 lr = Bicubic.downscale(hr, S);
    private final EvalSet.Pair pair = new EvalSet.Pair("p", hr, lr);

    @Test
    void thePanelsAreTheImagesTheyNameAndOursFromTheBilinearStartIsBilinear() throws Exception {
        Rectangle crop = ComparisonFigure.write(dir.resolve("b.png"), pair, model(Initialisation.BILINEAR_START), S);
        BufferedImage strip = ImageIO.read(dir.resolve("b.png").toFile());
        assertEquals(0, maxDiff(panel(strip, 0, crop), hr, crop), "HR panel");
        assertEquals(0, maxDiff(panel(strip, 1, crop), Bicubic.upscale(lr, S), crop), "bicubic panel");
        Rgb8 ours = panel(strip, 2, crop);
        double worst = 0;
        for (int c = 0; c < 3; c++) {
            int channel = c;
            for (int v = 0; v < crop.height; v++)
                for (int u = 0; u < crop.width; u++) {
                    int y = crop.y + v, x = crop.x + u;
                    // One LR pixel from the image's edges, where PyTorch repeats the edge and the convs pad with 0.
                    if (y < S || x < S || y >= hr.height() - S || x >= hr.width() - S) continue;
                    double want = TorchBilinear.at((i, j) -> lr.get(channel, i, j), lr.height(), lr.width(), S, y, x);
                    worst = Math.max(worst, Math.abs(ours.get(c, v, u) - want));
                }
        }
        assertTrue(worst <= 0.5 + 1e-6, "ours panel vs bilinear, beyond 8-bit rounding: " + worst);
        // 0.78 measured (8-bit rounding of a smooth crop); bicubic's panel 1.08.
        double smooth = blockiness(ours);
        assertTrue(smooth < 1.5, "bilinear start's panel: " + smooth);
    }

    @Test
    void aBlockyModelShowsAsBlockyInItsPanel() throws Exception {
        Rectangle crop = ComparisonFigure.write(dir.resolve("n.png"), pair, model(Initialisation.NEAREST_START), S);
        double b = blockiness(panel(ImageIO.read(dir.resolve("n.png").toFile()), 2, crop));
        assertTrue(b > 2, "nearest-neighbour start's panel (no step inside a block: +inf): " + b);
    }

    private static ComputationGraph model(Initialisation init) {
        Stage s = new Stage("s", S, StageInit.SCRATCH, true, 1, 1e-3, 10, LossConfig.l1());
        ComputationGraph g = ModelInit.fresh(RrlfnConfig.paper(S).withWidth(8, 1, 4), s, 1);
        ModelInit.start(init, g);
        return g;
    }

    /** Panel k of the strip, undone: each ZOOM × ZOOM block (checked to be one colour) back to one pixel. */
    private static Rgb8 panel(BufferedImage strip, int k, Rectangle crop) {
        int zoom = ComparisonFigure.ZOOM, x0 = ComparisonStrip.GAP + k * (crop.width * zoom + ComparisonStrip.GAP);
        Rgb8 out = Rgb8.blank(crop.width, crop.height);
        for (int v = 0; v < crop.height; v++)
            for (int u = 0; u < crop.width; u++) {
                int x = x0 + u * zoom, y = ComparisonStrip.GAP + v * zoom, rgb = strip.getRGB(x, y);
                for (int dy = 0; dy < zoom; dy++)
                    for (int dx = 0; dx < zoom; dx++)
                        assertEquals(rgb, strip.getRGB(x + dx, y + dy), "panel " + k + " block (" + u + ", " + v + ")");
                for (int c = 0; c < 3; c++) out.set(c, v, u, rgb >> (16 - 8 * c) & 0xff);
            }
        return out;
    }

    private static int maxDiff(Rgb8 panel, Rgb8 image, Rectangle crop) {
        int worst = 0;
        for (int c = 0; c < 3; c++)
            for (int v = 0; v < crop.height; v++)
                for (int u = 0; u < crop.width; u++)
                    worst = Math.max(worst, Math.abs(panel.get(c, v, u) - image.get(c, crop.y + v, crop.x + u)));
        return worst;
    }

    /** Crops start on a multiple of 8, so the panel's own grid of period S is the image's. */
    private static double blockiness(Rgb8 panel) {
        return Blockiness.of(YChannel.of(RgbTensors.planes(panel)), S, 0);
    }
}
