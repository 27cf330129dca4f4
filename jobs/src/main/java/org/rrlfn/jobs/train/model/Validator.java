package org.rrlfn.jobs.train.model;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rrlfn.data.PreparedLayout;
import org.rrlfn.jobs.scoring.EvalSet;
import org.rrlfn.jobs.scoring.PairEvaluation;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.config.TrainSettings;

/**
 * PSNR-Y and blockiness of given weights on the validation photos prepare held out for a stage's scale
 * ({@code x<scale>/val}, the first validation-images of them), with DL4J on the driver. The photos are read once per
 * stage and the weights go into a copy of the stage's network made once, so a validation costs the forward passes and
 * the scoring, no model conversion (docs: "Validation during a stage" measures it).
 */
public final class Validator {
    private final EvalSet set;
    private final ComputationGraph scorer;

    private Validator(EvalSet set, ComputationGraph scorer) {
        this.set = set;
        this.scorer = scorer;
    }

    /** The validator of {@code stage}, whose network is {@code net}; null when validation-images is 0. */
    public static Validator open(TrainSettings s, Stage stage, ComputationGraph net, Configuration hadoop) throws IOException {
        if (s.validationImages() == 0) return null;
        PreparedLayout layout = PreparedLayout.at(s.data());
        PreparedLayout.HeldOut val = PreparedLayout.HeldOut.VALIDATION;
        EvalSet set = EvalSet.load("held-out x" + stage.scale(), layout.hr(stage.scale(), val).toString(),
                layout.lr(stage.scale(), val).toString(), stage.scale(), s.validationImages(), hadoop);
        return new Validator(set, net.clone());
    }

    /** The scores of the network with these weights (a float row vector of the network's parameter count). */
    PairEvaluation.Summary score(INDArray weights) {
        scorer.setParams(weights);
        return PairEvaluation.summarise(set.name(), PairEvaluation.score(scorer, set));
    }
}
