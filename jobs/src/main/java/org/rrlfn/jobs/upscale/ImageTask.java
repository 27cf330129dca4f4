package org.rrlfn.jobs.upscale;

import java.awt.Dimension;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.rrlfn.common.files.DiskFull;
import org.rrlfn.common.files.InputListing;
import org.rrlfn.common.files.OutputFolder;
import org.rrlfn.common.spark.HadoopConf;
import org.rrlfn.data.image.ImageCodec;
import org.rrlfn.data.image.UnusableImage;
import org.rrlfn.jobs.inference.TileEngine;
import org.rrlfn.jobs.inference.TiledUpscaler;
import org.rrlfn.model.arch.RrlfnConfig;

/**
 * One image on an executor: skip it if its output is complete and made by this model and tiling, else upscale it into a hidden temporary file and
 * rename that into place. Any problem with this image becomes a failed {@link Outcome}; the job goes on. A full disk
 * is thrown ({@link DiskFull}): it is no problem of the image.
 */
final class ImageTask implements Serializable {
    enum Status { DONE, SKIPPED, FAILED }

    /** What happened to one input; {@code outputPixels} counts only pixels written by this run. */
    record Outcome(String input, String output, Status status, String reason, long outputPixels) implements Serializable { }

    /** An input and the output file planned for it on the driver. */
    record Job(String input, String output) implements Serializable { }

    private final UpscaleSettings settings;
    private final Broadcast<ShippedModel> model;
    private final HadoopConf conf;
    private final LongAccumulator imagesFinished;
    private final LongAccumulator pixelsWritten;

    ImageTask(UpscaleSettings settings, Broadcast<ShippedModel> model, HadoopConf conf,
              LongAccumulator imagesFinished, LongAccumulator pixelsWritten) {
        this.settings = settings;
        this.model = model;
        this.conf = conf;
        this.imagesFinished = imagesFinished;
        this.pixelsWritten = pixelsWritten;
    }

    Outcome run(Job job) {
        Outcome o;
        try {
            o = process(job);
        } catch (IOException e) {
            o = new Outcome(job.input(), job.output(), Status.FAILED, "I/O error (" + e.getMessage() + ")", 0);
        } catch (UnusableImage e) {
            o = new Outcome(job.input(), job.output(), Status.FAILED, e.getMessage(), 0);
        }
        imagesFinished.add(1);
        pixelsWritten.add(o.outputPixels());
        return o;
    }

    private Outcome process(Job job) throws IOException, UnusableImage {
        Path in = new Path(job.input());
        Path out = new Path(job.output());
        FileSystem outFs = out.getFileSystem(conf.get());
        byte[] file;
        try (InputStream s = InputListing.open(in, conf.get())) {
            file = s.readAllBytes();   // compressed bytes only; pixels are decoded band by band below
        }
        Dimension d = ImageCodec.probe(file);
        if (d.width < RrlfnConfig.MIN_INPUT_SIDE || d.height < RrlfnConfig.MIN_INPUT_SIDE)
            throw new UnusableImage("too small: " + d.width + "x" + d.height + " px; the network needs at least "
                    + RrlfnConfig.MIN_INPUT_SIDE + " px a side");
        ShippedModel m = model.value();
        int w = d.width * m.scale(), h = d.height * m.scale();
        OutputProducer producer = OutputProducer.of(m, settings);
        if (OutputCheck.complete(outFs, out, w, h) && producer.equals(OutputProducer.parse(OutputCheck.producer(outFs, out))))
            return new Outcome(job.input(), job.output(), Status.SKIPPED, null, 0);

        Path temp = OutputNames.temporary(out);
        // Checked again here, just before writing: the driver's check may be old (links can appear while a job runs).
        Path link = OutputFolder.linkOnTheWay(outFs, outFs.makeQualified(new Path(settings.output())), temp);
        if (link != null) throw new IOException(OutputFolder.linkMessage(link));
        TileEngine engine = EnginePool.borrow(model.id(), () -> m.open(TaskContext.get() == null ? 0 : TaskContext.get().cpus()));
        boolean written = false;
        try {
            try (OutputStream os = outFs.create(temp, true); PngRowWriter png = new PngRowWriter(os, w, h,
                    java.util.Map.of(OutputProducer.KEYWORD, producer.text()))) {
                new TiledUpscaler(engine, m.scale(), settings.tile(), settings.overlap())
                        .run((y0, rows) -> ImageCodec.read(file, new Rectangle(0, y0, d.width, rows)), d.width, d.height, png);
            }
            written = true;   // closed: the last bytes are out too
        } catch (IOException | RuntimeException | FSError e) {
            // A full disk is no fault of this input and fails every other: it stops the job (UpscaleJob), naming it.
            DiskFull.throwIfFull(out, e);
            throw e;
        } finally {
            EnginePool.giveBack(model.id(), engine);
            if (!written) outFs.delete(temp, false);
        }
        outFs.delete(out, false);   // an incomplete or foreign file from an earlier run
        if (!outFs.rename(temp, out)) throw new IOException("cannot rename " + temp + " to " + out);
        return new Outcome(job.input(), job.output(), Status.DONE, null, (long) w * h);
    }
}
