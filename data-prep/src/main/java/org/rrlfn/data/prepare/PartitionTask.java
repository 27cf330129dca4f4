package org.rrlfn.data.prepare;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.rrlfn.common.files.DiskFull;
import org.rrlfn.common.files.InputListing;
import org.rrlfn.common.files.Rejection;
import org.rrlfn.common.spark.HadoopConf;
import org.rrlfn.data.PreparedLayout;
import org.rrlfn.data.image.Bicubic;
import org.rrlfn.data.image.ImageCodec;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.data.image.UnusableImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor side of the prepare job: runs one partition's work units, writing shards and validation PNGs under
 * the job's temporary root. A bad image becomes a {@link Rejection}; only I/O failures of the output stop the task.
 */
final class PartitionTask implements Serializable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionTask.class);

    private final PrepareSettings s;
    private final HadoopConf conf;
    private final String tempRoot;
    private final DoubleAccumulator imagesDone;
    private final LongAccumulator pairsWritten;

    PartitionTask(PrepareSettings s, HadoopConf conf, String tempRoot, DoubleAccumulator imagesDone,
                  LongAccumulator pairsWritten) {
        this.s = s;
        this.conf = conf;
        this.tempRoot = tempRoot;
        this.imagesDone = imagesDone;
        this.pairsWritten = pairsWritten;
    }

    /**
     * A full disk is returned, not thrown: Spark would log a failed task's stack trace, and the driver stops the job
     * with one line ({@link PrepareJob}).
     */
    Iterator<PartitionResult> run(int partition, Iterator<WorkUnit> units) throws IOException {
        try {
            return List.of(cut(partition, units)).iterator();
        } catch (DiskFull full) {
            return List.of(PartitionResult.stopped(full)).iterator();
        }
    }

    private PartitionResult cut(int partition, Iterator<WorkUnit> units) throws IOException {
        PreparedLayout root = PreparedLayout.at(tempRoot);
        FileSystem out = root.root().getFileSystem(conf.get());
        SubImageExtractor extractor = new SubImageExtractor(s);
        long flat = 0;
        List<String> heldOut = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        long start = System.nanoTime();
        int count = 0;
        int failed = 0;
        try (SubImageShardWriter shards = new SubImageShardWriter(out, root, partition)) {
            while (units.hasNext()) {
                WorkUnit u = units.next();
                long before = shards.total();
                try {
                    byte[] file = read(u.path());
                    if (u.heldOut() != null) {
                        writeHeldOut(u, ImageCodec.read(file), out, root);
                        heldOut.add(u.name());
                    } else {
                        flat += extractor.extract(u, file, shards);
                    }
                } catch (UnusableImage | ReadFailure e) {
                    rejected.add(new Rejection(u.path() + band(u), e.getMessage()));
                    if (u.share() == 1) failed++;
                }
                count++;
                imagesDone.add(u.share());
                pairsWritten.add(shards.total() - before);
            }
            LOG.info("prepare partition {}: {} work units, {} sub-image pairs in {} s", partition, count, shards.total(),
                    String.format("%.1f", (System.nanoTime() - start) / 1e9));
            return new PartitionResult(shards.written(), flat, heldOut, rejected, failed, null);
        }
    }

    /** For a banded image, which rows a rejection concerns (other bands may have succeeded). */
    private static String band(WorkUnit u) {
        return u.share() < 1 ? " (sub-image rows " + u.rowFrom() + "-" + (u.rowTo() - 1) + ")" : "";
    }

    private void writeHeldOut(WorkUnit u, Rgb8 image, FileSystem fs, PreparedLayout root) throws IOException {
        for (int scale : s.scales()) {
            writePng(fs, root.hrImage(scale, u.heldOut(), u.name()), image.modcrop(scale));
            writePng(fs, root.lrImage(scale, u.heldOut(), u.name()), Bicubic.downscale(image, scale));
        }
    }

    private static void writePng(FileSystem fs, Path file, Rgb8 image) throws IOException {
        DiskFull.naming(file, () -> {
            try (OutputStream o = fs.create(file, true)) {
                ImageCodec.writePng(image, o);
            }
        });
    }

    /** Input that cannot be read is the input's fault (permissions, vanished file), not the job's. */
    private static final class ReadFailure extends Exception {
        ReadFailure(String message, Throwable cause) { super(message, cause); }
    }

    private byte[] read(String file) throws ReadFailure {
        try {
            Path path = new Path(file);
            try (InputStream in = InputListing.open(path, conf.get())) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new ReadFailure("cannot read file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }
}
