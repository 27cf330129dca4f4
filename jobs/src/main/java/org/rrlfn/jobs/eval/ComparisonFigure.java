package org.rrlfn.jobs.eval;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rrlfn.data.image.Bicubic;
import org.rrlfn.data.image.ImageCodec;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.jobs.inference.TiledInference;
import org.rrlfn.jobs.report.ChartFiles;
import org.rrlfn.jobs.report.ComparisonStrip;
import org.rrlfn.jobs.scoring.EvalSet;
import org.rrlfn.jobs.scoring.PairEvaluation;

/** HR / bicubic / ours on the crop where bicubic loses most detail: where SR has something to show. */
public final class ComparisonFigure {
    private static final int STRIDE = 8;
    /** Each crop pixel becomes ZOOM × ZOOM pixels of the strip. */
    public static final int ZOOM = 4;

    private ComparisonFigure() { }

    /** Writes the strip; returns the crop it shows (HR pixel coordinates). */
    public static Rectangle write(Path file, EvalSet.Pair pair, ComputationGraph model, int scale) throws IOException {
        Rgb8 bic = Bicubic.upscale(pair.lr(), scale);
        Rgb8 ours = TiledInference.upscale(model, pair.lr(), scale, PairEvaluation.TILE, PairEvaluation.OVERLAP);
        int side = Math.min(64, Math.min(pair.hr().width(), pair.hr().height()));
        Rectangle crop = hardestCrop(pair.hr(), bic, side);
        ChartFiles.png(ComparisonStrip.render(List.of(
                new ComparisonStrip.Panel("HR", ImageCodec.toBufferedImage(pair.hr())),
                new ComparisonStrip.Panel("bicubic x" + scale, ImageCodec.toBufferedImage(bic)),
                new ComparisonStrip.Panel("RRLFN (ours)", ImageCodec.toBufferedImage(ours))), crop, ZOOM), file);
        return crop;
    }

    /** The side×side window (on a STRIDE grid) with the largest summed |bicubic − HR|. */
    static Rectangle hardestCrop(Rgb8 hr, Rgb8 bic, int side) {
        Rectangle best = new Rectangle(0, 0, side, side);
        long bestErr = -1;
        for (int y = 0; y + side <= hr.height(); y += STRIDE)
            for (int x = 0; x + side <= hr.width(); x += STRIDE) {
                long err = 0;
                for (int c = 0; c < 3; c++)
                    for (int dy = 0; dy < side; dy += 2)
                        for (int dx = 0; dx < side; dx += 2)
                            err += Math.abs(hr.get(c, y + dy, x + dx) - bic.get(c, y + dy, x + dx));
                if (err > bestErr) {
                    bestErr = err;
                    best = new Rectangle(x, y, side, side);
                }
            }
        return best;
    }
}
