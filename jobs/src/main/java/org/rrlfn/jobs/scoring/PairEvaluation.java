package org.rrlfn.jobs.scoring;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rrlfn.data.image.Bicubic;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.data.image.RgbTensors;
import org.rrlfn.jobs.scoring.ImageQuality;
import org.rrlfn.jobs.upscale.TiledInference;

/**
 * Scores a model and the bicubic baseline on an evaluation set the way SR papers do: SR saved as 8-bit,
 * PSNR and SSIM on Y, crop border = scale; and each SR image's blockiness on the scale's grid, same Y and crop.
 */
public final class PairEvaluation {
    private PairEvaluation() { }

    public record Row(String set, String image, int width, int height, ImageQuality.Scores ours, ImageQuality.Scores bicubic) { }

    public record Summary(String set, int images, double psnr, double ssim, double blockiness, double bicubicPsnr,
                          double bicubicSsim, double bicubicBlockiness) { }

    /** Tile side and overlap (LR pixels) for whole-image inference: photos are far larger than patches. */
    public static final int TILE = 192, OVERLAP = 16;

    public static List<Row> score(ComputationGraph model, EvalSet set) {
        List<Row> rows = new ArrayList<>();
        for (EvalSet.Pair p : set.pairs()) {
            Rgb8 sr = TiledInference.upscale(model, p.lr(), set.scale(), TILE, OVERLAP);
            Rgb8 bic = Bicubic.upscale(p.lr(), set.scale());
            double[][][] hr = RgbTensors.planes(p.hr());
            rows.add(new Row(set.name(), p.name(), p.hr().width(), p.hr().height(),
                    ImageQuality.y(RgbTensors.planes(sr), hr, set.scale(), set.scale()),
                    ImageQuality.y(RgbTensors.planes(bic), hr, set.scale(), set.scale())));
        }
        return rows;
    }

    public static Summary summarise(String set, List<Row> rows) {
        return new Summary(set, rows.size(),
                mean(rows, r -> r.ours().psnrY()), mean(rows, r -> r.ours().ssimY()), mean(rows, r -> r.ours().blockinessY()),
                mean(rows, r -> r.bicubic().psnrY()), mean(rows, r -> r.bicubic().ssimY()),
                mean(rows, r -> r.bicubic().blockinessY()));
    }

    private static double mean(List<Row> rows, java.util.function.ToDoubleFunction<Row> score) {
        return rows.stream().mapToDouble(score).average().orElse(Double.NaN);
    }
}
