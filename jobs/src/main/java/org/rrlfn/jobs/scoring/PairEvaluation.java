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
 * PSNR and SSIM on Y, crop border = scale.
 */
public final class PairEvaluation {
    private PairEvaluation() { }

    public record Row(String set, String image, int width, int height, ImageQuality.Scores ours, ImageQuality.Scores bicubic) { }

    public record Summary(String set, int images, double psnr, double ssim, double bicubicPsnr, double bicubicSsim) { }

    /** Tile side and overlap (LR pixels) for whole-image inference: photos are far larger than patches. */
    public static final int TILE = 192, OVERLAP = 16;

    public static List<Row> score(ComputationGraph model, EvalSet set) {
        List<Row> rows = new ArrayList<>();
        for (EvalSet.Pair p : set.pairs()) {
            Rgb8 sr = TiledInference.upscale(model, p.lr(), set.scale(), TILE, OVERLAP);
            Rgb8 bic = Bicubic.upscale(p.lr(), set.scale());
            double[][][] hr = RgbTensors.planes(p.hr());
            rows.add(new Row(set.name(), p.name(), p.hr().width(), p.hr().height(),
                    ImageQuality.y(RgbTensors.planes(sr), hr, set.scale()),
                    ImageQuality.y(RgbTensors.planes(bic), hr, set.scale())));
        }
        return rows;
    }

    public static Summary summarise(String set, List<Row> rows) {
        return new Summary(set, rows.size(),
                rows.stream().mapToDouble(r -> r.ours().psnrY()).average().orElse(Double.NaN),
                rows.stream().mapToDouble(r -> r.ours().ssimY()).average().orElse(Double.NaN),
                rows.stream().mapToDouble(r -> r.bicubic().psnrY()).average().orElse(Double.NaN),
                rows.stream().mapToDouble(r -> r.bicubic().ssimY()).average().orElse(Double.NaN));
    }
}
