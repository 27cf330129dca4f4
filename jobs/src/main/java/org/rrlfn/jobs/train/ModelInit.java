package org.rrlfn.jobs.train;

import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;
import org.rrlfn.model.arch.Names;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnLayer;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.losses.LossConfig;

/** Builds the network a stage starts from: fresh, or warm-started from an earlier stage's weights. */
public final class ModelInit {
    private ModelInit() { }

    /** Adam (β1 0.9, β2 0.999) whose learning rate halves every period iterations of the stage. */
    public static Adam adam(Stage s) {
        return Adam.builder().learningRateSchedule(new StepSchedule(ScheduleType.ITERATION, s.lr(), 0.5, s.lrHalvingPeriod()))
                .beta1(0.9).beta2(0.999).epsilon(1e-8).build();
    }

    public static ComputationGraph fresh(RrlfnConfig arch, Stage s, LossConfig loss, long seed) {
        return RrlfnModels.create(new RrlfnLayer(arch.withScale(s.scale()), loss), seed, adam(s), DataType.FLOAT);
    }

    /**
     * A new network for stage s carrying source's weights: all of them at the same scale, all but the
     * upsampler's across a scale change (the upsampler then keeps its fresh initialisation). Adam's state is
     * carried over only when the stage keeps the optimizer and the scale is unchanged.
     */
    public static ComputationGraph warmStart(ComputationGraph source, RrlfnConfig arch, Stage s, LossConfig loss, long seed) {
        ComputationGraph target = fresh(arch, s, loss, seed);
        boolean sameScale = RrlfnModels.architecture(source).scale() == s.scale();
        Map<String, INDArray> values = new HashMap<>(RrlfnModels.params(target));
        for (Map.Entry<String, INDArray> e : RrlfnModels.params(source).entrySet()) {
            if (sameScale || !isUpsampler(e.getKey())) values.put(e.getKey(), e.getValue());
        }
        RrlfnModels.assignParams(target, values);
        if (!s.resetOptimizer() && sameScale && source.getUpdater() != null) {
            INDArray state = source.getUpdater().getStateViewArray();
            if (state != null) target.getUpdater().getStateViewArray().assign(state);
        }
        return target;
    }

    public static boolean isUpsampler(String param) {
        return param.equals(Names.weight(Names.UP)) || param.equals(Names.bias(Names.UP));
    }
}
