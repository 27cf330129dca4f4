package org.rrlfn.jobs.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rrlfn.data.image.Bicubic;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.data.image.RgbTensors;
import org.rrlfn.jobs.inference.TiledInference;

/**
 * Scores a model and the bicubic baseline (and a reference model where a set names one, e.g. published weights) on
 * an evaluation set the way SR papers do: SR saved as 8-bit, PSNR and SSIM on Y, crop border = scale; and each SR
 * image's blockiness on the scale's grid, same Y and crop.
 */
public final class PairEvaluation {
    private PairEvaluation() { }

    /** reference: null where the set names no reference model. */
    public record Row(String set, String image, int width, int height, ImageQuality.Scores ours, ImageQuality.Scores bicubic,
                      ImageQuality.Scores reference) {
        public Row(String set, String image, int width, int height, ImageQuality.Scores ours, ImageQuality.Scores bicubic) {
            this(set, image, width, height, ours, bicubic, null);
        }
    }

    /** A set's means; reference: null where the set names no reference model. */
    public record Summary(String set, int images, double psnr, double ssim, double blockiness, double bicubicPsnr,
                          double bicubicSsim, double bicubicBlockiness, Reference reference) {
        public Summary(String set, int images, double psnr, double ssim, double blockiness, double bicubicPsnr,
                       double bicubicSsim, double bicubicBlockiness) {
            this(set, images, psnr, ssim, blockiness, bicubicPsnr, bicubicSsim, bicubicBlockiness, null);
        }
    }

    /** The reference model's means on the set, under the name the set gave it. */
    public record Reference(String model, double psnr, double ssim, double blockiness) { }

    /** A model the set names to be scored beside ours. */
    public record ReferenceModel(String name, ComputationGraph graph) { }

    /** Tile side and overlap (LR pixels) for whole-image inference: photos are far larger than patches. */
    public static final int TILE = 192, OVERLAP = 16;

    public static List<Row> score(ComputationGraph model, EvalSet set) {
        return score(model, null, set);
    }

    /** reference may be null. */
    public static List<Row> score(ComputationGraph model, ReferenceModel reference, EvalSet set) {
        List<Row> rows = new ArrayList<>();
        for (EvalSet.Pair p : set.pairs()) {
            double[][][] hr = RgbTensors.planes(p.hr());
            Function<Rgb8, ImageQuality.Scores> quality =
                    sr -> ImageQuality.y(RgbTensors.planes(sr), hr, set.scale(), set.scale());
            rows.add(new Row(set.name(), p.name(), p.hr().width(), p.hr().height(), quality.apply(upscale(model, p, set)),
                    quality.apply(Bicubic.upscale(p.lr(), set.scale())),
                    reference == null ? null : quality.apply(upscale(reference.graph(), p, set))));
        }
        return rows;
    }

    private static Rgb8 upscale(ComputationGraph model, EvalSet.Pair p, EvalSet set) {
        return TiledInference.upscale(model, p.lr(), set.scale(), TILE, OVERLAP);
    }

    public static Summary summarise(String set, List<Row> rows) {
        return summarise(set, rows, null);
    }

    /** reference: the name of the set's reference model, null for none. */
    public static Summary summarise(String set, List<Row> rows, String reference) {
        return new Summary(set, rows.size(),
                mean(rows, r -> r.ours().psnrY()), mean(rows, r -> r.ours().ssimY()), mean(rows, r -> r.ours().blockinessY()),
                mean(rows, r -> r.bicubic().psnrY()), mean(rows, r -> r.bicubic().ssimY()),
                mean(rows, r -> r.bicubic().blockinessY()),
                reference == null ? null : new Reference(reference, mean(rows, r -> r.reference().psnrY()),
                        mean(rows, r -> r.reference().ssimY()), mean(rows, r -> r.reference().blockinessY())));
    }

    private static double mean(List<Row> rows, ToDoubleFunction<Row> score) {
        return rows.stream().mapToDouble(score).average().orElse(Double.NaN);
    }
}
