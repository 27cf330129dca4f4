package org.rrlfn.jobs.inference;

import org.rrlfn.data.image.Rgb8;
import org.rrlfn.data.image.RgbTensors;
import org.rrlfn.model.onnx.OnnxUpscaler;

/** Tiles through an ONNX Runtime session. */
public final class OnnxTileEngine implements TileEngine {
    private final OnnxUpscaler session;

    public OnnxTileEngine(OnnxUpscaler session) { this.session = session; }

    @Override
    public float[] upscale(Rgb8 lr) {
        float[] in = RgbTensors.toNchw(lr).data().asFloat();
        return session.upscale(new OnnxUpscaler.Nchw(in, new long[]{1, 3, lr.height(), lr.width()})).data();
    }

    @Override
    public void close() {
        session.close();
    }
}
