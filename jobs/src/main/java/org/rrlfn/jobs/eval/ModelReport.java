package org.rrlfn.jobs.eval;

import java.util.List;
import org.rrlfn.jobs.scoring.PairEvaluation;

/** What fuse-eval established about one trained model. */
public record ModelReport(String stage, int scale, long trainParams, long deployParams, double gflopsPerMegapixel,
                          double fusionMaxDiff, double onnxMaxDiff, String runtimeImage, double trainMs,
                          double fusedMs, double onnxMs, String deployModel, String onnxModel,
                          List<PairEvaluation.Row> rows, List<PairEvaluation.Summary> summaries) { }
