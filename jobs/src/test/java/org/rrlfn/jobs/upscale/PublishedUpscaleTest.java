package org.rrlfn.jobs.upscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.data.image.ImageCodec;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.jobs.LocalSpark;
import org.rrlfn.jobs.PublishedRlfn;
import org.rrlfn.jobs.SyntheticPhotos;
import org.rrlfn.model.onnx.OnnxUpscaler;

/**
 * `rrlfn upscale --engine dl4j` with the imported published x4 model writes, for a folder of photos, the images
 * ONNX Runtime computes from the exported original (0..255 pixels in and out) to within one gray level.
 */
class PublishedUpscaleTest {
    @TempDir Path dir;

    @Test
    void dl4jUpscaleOfTheImportedModelMatchesOnnxRuntimeOnTheOriginal() throws Exception {
        Path onnx = PublishedRlfn.exportOnnx(4, dir);
        Path zip = PublishedRlfn.importedZip(onnx);
        File photos = dir.resolve("photos").toFile();
        SyntheticPhotos.write(photos, 2, 96, 72, 3);
        SyntheticPhotos.write(new File(photos, "more"), 1, 61, 47, 4);   // odd sizes, in a sub-folder
        Path out = dir.resolve("out");

        UpscaleResult r;
        try (JavaSparkContext sc = LocalSpark.start("published-upscale-test")) {
            // Images smaller than a tile are upscaled whole, as the reference below does.
            r = UpscaleJob.run(sc, new UpscaleSettings(zip.toString(), photos.toString(), out.toString(),
                    UpscaleSettings.Engine.DL4J, 128, 16, "_x{scale}", 10, false));
        }
        assertEquals(3, r.done(), r.summary());

        int worst = 0;
        try (OnnxUpscaler ort = new OnnxUpscaler(onnx, 2)) {
            for (String name : List.of("photo-00", "photo-01", "more/photo-00")) {
                Rgb8 lr = ImageCodec.read(Files.readAllBytes(photos.toPath().resolve(name + ".png")));
                Rgb8 ours = ImageCodec.read(Files.readAllBytes(out.resolve(name + "_x4.png")));
                assertEquals(4 * lr.width(), ours.width(), name);
                assertEquals(4 * lr.height(), ours.height(), name);
                float[] sr = ort.upscale(new OnnxUpscaler.Nchw(pixels(lr), new long[]{1, 3, lr.height(), lr.width()})).data();
                int h = ours.height(), w = ours.width(), diff = 0;
                for (int c = 0; c < 3; c++)
                    for (int y = 0; y < h; y++)
                        for (int x = 0; x < w; x++) {
                            int ref = (int) Math.max(0, Math.min(255, Math.round(sr[(c * h + y) * w + x])));
                            diff = Math.max(diff, Math.abs(ref - ours.get(c, y, x)));
                        }
                worst = Math.max(worst, diff);
                assertTrue(diff <= 1, name + ": DL4J upscale differs from ONNX Runtime by " + diff + " gray levels");
            }
        }
        System.out.println("upscale x4, dl4j engine vs ONNX Runtime on the original: max " + worst + " gray level(s)");
    }

    /** RLFN's convention: raw 0..255 values, NCHW. */
    private static float[] pixels(Rgb8 img) {
        int h = img.height(), w = img.width();
        float[] v = new float[3 * h * w];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) v[(c * h + y) * w + x] = img.get(c, y, x);
        return v;
    }
}
