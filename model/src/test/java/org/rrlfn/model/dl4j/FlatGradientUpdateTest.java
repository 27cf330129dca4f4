package org.rrlfn.model.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.model.Engine;
import org.rrlfn.model.arch.RrlfnConfig;

/**
 * Without it DL4J hands its updater a new gradient array object every step (the per-parameter "external" path); with
 * it the updater gets the graph's own flattened gradient, and three Adam steps end in exactly the same parameters and
 * Adam state, on both engines.
 */
class FlatGradientUpdateTest {
    /** What the updater is about to be handed, once per step: is it the graph's own flattened gradient? */
    private static final class Handed extends BaseTrainingListener {
        final List<Boolean> own = new ArrayList<>();

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            ComputationGraph g = (ComputationGraph) model;
            own.add(g.gradient().gradient() == g.getFlattenedGradients());
        }
    }

    private static ComputationGraph net(Engine engine) {
        ComputationGraph g = RrlfnModels.create(RrlfnConfig.paper(2).withWidth(8, 1, 4), 7, RrlfnModels.adam(1e-3),
                DataType.FLOAT);
        RrlfnModels.useEngine(g, engine, "cpu");
        return g;
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theUpdaterStepsThroughTheGraphsOwnGradientToTheSameState(Engine engine) {
        Nd4j.getRandom().setSeed(3);
        DataSet d = new DataSet(Nd4j.rand(DataType.FLOAT, 2, 3, 16, 16), Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32));
        ComputationGraph flat = net(engine), plain = net(engine);
        plain.setListeners();            // as DL4J leaves a graph
        FlatGradientUpdate.on(flat);     // a second call adds nothing
        assertEquals(1, flat.getListeners().size());
        Handed viaFlat = new Handed(), viaPlain = new Handed();
        flat.addListeners(viaFlat);
        plain.addListeners(viaPlain);
        for (int i = 0; i < 3; i++) {
            flat.fit(d);
            plain.fit(d);
        }
        assertEquals(List.of(true, true, true), viaFlat.own);
        assertEquals(List.of(false, false, false), viaPlain.own, "DL4J's own gradient object is a new array every step");
        assertArrayEquals(plain.params().toFloatVector(), flat.params().toFloatVector());
        assertArrayEquals(plain.getUpdater().getStateViewArray().toFloatVector(),
                flat.getUpdater().getStateViewArray().toFloatVector());
        assertFalse(java.util.Arrays.equals(net(engine).params().toFloatVector(), flat.params().toFloatVector()),
                "the steps moved the parameters");
        assertSame(flat.gradient().gradient(), flat.gradient().gradient());
        assertNotSame(plain.gradient().gradient(), plain.gradient().gradient());
    }
}
