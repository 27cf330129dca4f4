package org.rrlfn.model.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.rrlfn.model.arch.RrlfnConfig;

/**
 * Runs an exported RRLFN ({@link OnnxExport}) with ONNX Runtime: one session per model file, reused for every
 * batch; {@link #close()} frees its native memory. Not thread-safe to close while running.
 */
public final class OnnxUpscaler implements AutoCloseable {

    /** A dense float batch in NCHW order: {@code data.length == n·c·h·w}. */
    public record Nchw(float[] data, long[] shape) {
        public Nchw {
            if (shape.length != 4) throw new IllegalArgumentException("NCHW needs 4 dimensions, got " + Arrays.toString(shape));
            long n = shape[0] * shape[1] * shape[2] * shape[3];
            if (data.length != n)
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
    }

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final Path file;

    /** @param threads intra-op threads of the session (e.g. a Spark task's cores); 0 lets ONNX Runtime choose. */
    public OnnxUpscaler(Path file, int threads) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("ONNX model " + file + ": no such file");
        this.file = file;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (threads > 0) options.setIntraOpNumThreads(threads);
            this.session = env.createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX model " + file + ": ONNX Runtime cannot load it: " + e.getMessage(), e);
        }
    }

    /** SR batch [N, 3, s·H, s·W] for an LR batch [N, 3, H, W] with values in [0, 1]. */
    public Nchw upscale(Nchw lr) {
        long[] s = lr.shape();
        if (s[1] != 3) throw new IllegalArgumentException("expected RGB input [N, 3, H, W], got " + Arrays.toString(s));
        RrlfnConfig.checkInputSize(s[2], s[3]);
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(lr.data()), s);
             OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, in))) {
            OnnxTensor out = (OnnxTensor) result.get(OnnxExport.OUTPUT)
                    .orElseThrow(() -> new IllegalStateException("ONNX model " + file + " has no output '" + OnnxExport.OUTPUT + "'"));
            FloatBuffer values = out.getFloatBuffer();
            float[] data = new float[values.remaining()];
            values.get(data);
            return new Nchw(data, out.getInfo().getShape());
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX model " + file + ": inference on " + Arrays.toString(s) + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX model " + file + ": closing the session failed: " + e.getMessage(), e);
        }
    }
}
