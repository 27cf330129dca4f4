package org.rrlfn.jobs.upscale;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.rrlfn.common.UserError;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.jobs.inference.TileEngine;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.onnx.OnnxExport;
import org.rrlfn.model.reparam.Fusion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driver side: reads {@code rrlfn.upscale.model} from any Hadoop file system and turns it into what the chosen engine
 * runs. A TRAIN-form zip is fused first (the executors then run the cheaper single-conv form); with engine onnx a
 * zip is exported in memory, so executors never need the DL4J model. fuse-eval reads a set's reference model here too.
 */
public final class ModelLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);
    private static final String KEY = UpscaleSettings.PATH + ".model";

    private ModelLoader() { }

    static ShippedModel load(String model, UpscaleSettings.Engine engine, Configuration hadoop) {
        byte[] bytes = read(KEY, model, hadoop);
        String digest = ShippedModel.digestOf(bytes);
        boolean onnx = model.toLowerCase(Locale.ROOT).endsWith(".onnx");
        if (onnx) {
            if (engine != UpscaleSettings.Engine.ONNX)
                throw new UserError(KEY + " '" + model + "' is an ONNX file, which engine dl4j cannot run;"
                        + " set " + UpscaleSettings.PATH + ".engine = onnx or give a DL4J model zip");
            return new ShippedModel(engine, bytes, onnxScale(bytes, model), "ONNX model " + model, digest);
        }
        ComputationGraph graph = deploy(KEY, bytes, model);
        int scale = RrlfnModels.architecture(graph).scale();
        try {
            if (engine == UpscaleSettings.Engine.ONNX) {
                LOG.info("upscale: exporting {} to ONNX for the executors", model);
                return new ShippedModel(engine, OnnxExport.model(graph).toByteArray(), scale, "ONNX export of " + model,
                        digest);
            }
            ByteArrayOutputStream zip = new ByteArrayOutputStream();
            ModelSerializer.writeModel(graph, zip, false);
            return new ShippedModel(engine, zip.toByteArray(), scale, "DL4J model " + model, digest);
        } catch (IOException e) {
            throw new UserError(KEY + " '" + model + "': cannot serialise the deploy graph: " + e.getMessage());
        } finally {
            graph.close();
        }
    }

    /**
     * The DEPLOY form of the DL4J model zip at uri (any Hadoop file system), fused when the file holds the TRAIN form;
     * key names the setting that gave uri in errors.
     */
    public static ComputationGraph deployGraph(String key, String uri, Configuration hadoop) {
        return deploy(key, read(key, uri, hadoop), uri);
    }

    private static byte[] read(String key, String model, Configuration hadoop) {
        Path path = new Path(model);
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            if (!fs.isFile(path)) throw new UserError(key + " '" + model + "': no such file");
            try (InputStream in = fs.open(path)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UserError(key + " '" + model + "': cannot read it (" + e.getMessage() + ")");
        }
    }

    private static ComputationGraph deploy(String key, byte[] bytes, String model) {
        ComputationGraph graph;
        RrlfnConfig arch;
        try {
            graph = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes), false);
            arch = RrlfnModels.architecture(graph);
        } catch (IOException | RuntimeException e) {
            throw new UserError(key + " '" + model + "' is not an RRLFN DL4J model zip (" + e.getMessage() + ")");
        }
        if (arch.form() == RrlfnConfig.Form.DEPLOY) return graph;
        LOG.warn("{} is a TRAIN-form model; fusing it to the DEPLOY form for inference", model);
        ComputationGraph fused = Fusion.fuse(graph, 0);
        graph.close();
        return fused;
    }

    /** The scale an ONNX model applies, from one small probe (the file itself does not say it as a number). */
    private static int onnxScale(byte[] bytes, String model) {
        int side = RrlfnConfig.MIN_INPUT_SIDE + 1;
        try (TileEngine engine = new ShippedModel(UpscaleSettings.Engine.ONNX, bytes, 0, "ONNX model " + model, "")
                .open(1)) {
            float[] out = engine.upscale(Rgb8.blank(side, side));
            int scale = (int) Math.round(Math.sqrt(out.length / (3.0 * side * side)));
            if (scale < 1 || 3L * side * side * scale * scale != out.length)
                throw new UserError(KEY + " '" + model + "': output of " + out.length + " values for a " + side
                        + "x" + side + " input is not an integer upscaling");
            return scale;
        } catch (RuntimeException e) {
            if (e instanceof UserError) throw e;
            throw new UserError(KEY + " '" + model + "' cannot be run by ONNX Runtime (" + e.getMessage() + ")");
        }
    }
}
