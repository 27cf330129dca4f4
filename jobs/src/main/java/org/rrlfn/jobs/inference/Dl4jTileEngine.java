package org.rrlfn.jobs.inference;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.data.image.RgbTensors;
import org.rrlfn.model.dl4j.RrlfnModels;

/** Tiles through a DEPLOY-form DL4J graph. */
public final class Dl4jTileEngine implements TileEngine {
    private final ComputationGraph graph;

    public Dl4jTileEngine(ComputationGraph graph) { this.graph = graph; }

    @Override
    public float[] upscale(Rgb8 lr) {
        // dup('c'): the output may be a view; its buffer must be read in NCHW order from offset 0.
        return RrlfnModels.upscale(graph, RgbTensors.toNchw(lr)).dup('c').data().asFloat();
    }

    @Override
    public void close() {
        graph.close();
    }
}
