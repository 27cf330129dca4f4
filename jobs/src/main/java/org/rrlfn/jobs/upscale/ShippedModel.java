package org.rrlfn.jobs.upscale;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.util.ModelSerializer;
import org.rrlfn.common.files.Sha256;
import org.rrlfn.jobs.inference.Dl4jTileEngine;
import org.rrlfn.jobs.inference.OnnxTileEngine;
import org.rrlfn.jobs.inference.TileEngine;
import org.rrlfn.model.onnx.OnnxUpscaler;

/**
 * The network as it travels to the executors (in a broadcast): a DEPLOY-form DL4J zip or an ONNX model, as bytes,
 * with its scale and the digest of the file it came from. Built on the driver by {@link ModelLoader}.
 */
record ShippedModel(UpscaleSettings.Engine engine, byte[] bytes, int scale, String description, String digest)
        implements Serializable {

    /** "sha256:" and the hex SHA-256 of a model file's bytes: what outputs record as their model. */
    static String digestOf(byte[] file) {
        return "sha256:" + Sha256.hex(file);
    }

    /** A fresh engine for one task slot; {@code threads} sizes ONNX Runtime's intra-op pool (0 = its default). */
    TileEngine open(int threads) {
        try {
            if (engine == UpscaleSettings.Engine.DL4J)
                return new Dl4jTileEngine(ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes), false));
            // ONNX Runtime opens models by path; the file is only needed while the session is created.
            Path file = Files.createTempFile("rrlfn-upscale-", ".onnx");
            try {
                Files.write(file, bytes);
                return new OnnxTileEngine(new OnnxUpscaler(file, threads));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + description + " on this executor: " + e.getMessage(), e);
        }
    }
}
