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
import org.rrlfn.data.files.InputListing;
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
    private final LongAccumulator patchesWritten;

    PartitionTask(PrepareSettings s, HadoopConf conf, String tempRoot, DoubleAccumulator imagesDone,
                  LongAccumulator patchesWritten) {
        this.s = s;
        this.conf = conf;
        this.tempRoot = tempRoot;
        this.imagesDone = imagesDone;
        this.patchesWritten = patchesWritten;
    }

    Iterator<PartitionResult> run(int partition, Iterator<WorkUnit> units) throws IOException {
        Path root = new Path(tempRoot);
        FileSystem out = root.getFileSystem(conf.get());
        ShardWriter shards = new ShardWriter(out, root, partition, s);
        PatchExtractor extractor = new PatchExtractor(s);
        long flat = 0;
        List<String> validation = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        long start = System.nanoTime();
        int count = 0;
        int failed = 0;
        while (units.hasNext()) {
            WorkUnit u = units.next();
            long before = total(shards);
            try {
                byte[] file = read(u.path());
                if (u.validation()) {
                    writeValidation(u, ImageCodec.read(file), out, root);
                    validation.add(u.name());
                } else {
                    flat += extractor.extract(u, file, (scale, lr, hr) -> shards.accept(scale, lr, hr));
                }
            } catch (UnusableImage | ReadFailure e) {
                rejected.add(new Rejection(u.path() + band(u), e.getMessage()));
                if (u.share() == 1) failed++;
            }
            count++;
            imagesDone.add(u.share());
            patchesWritten.add(total(shards) - before);
        }
        shards.flush();
        LOG.info("prepare partition {}: {} work units, {} patch pairs in {} s", partition, count, total(shards),
                String.format("%.1f", (System.nanoTime() - start) / 1e9));
        return List.of(new PartitionResult(shards.patches(), shards.shards(), flat, validation, rejected, failed)).iterator();
    }

    private static long total(ShardWriter w) {
        return w.patches().values().stream().mapToLong(Long::longValue).sum();
    }

    /** For a banded image, which rows a rejection concerns (other bands may have succeeded). */
    private static String band(WorkUnit u) {
        return u.share() < 1 ? " (patch rows " + u.rowFrom() + "-" + (u.rowTo() - 1) + ")" : "";
    }

    private void writeValidation(WorkUnit u, Rgb8 image, FileSystem fs, Path root) throws IOException {
        for (int scale : s.scales()) {
            Path dir = new Path(root, "x" + scale + "/val");
            writePng(fs, new Path(dir, "HR/" + u.name() + ".png"), image.modcrop(scale));
            writePng(fs, new Path(dir, "LR/" + u.name() + ".png"), Bicubic.downscale(image, scale));
        }
    }

    private static void writePng(FileSystem fs, Path file, Rgb8 image) throws IOException {
        try (OutputStream o = fs.create(file, true)) {
            ImageCodec.writePng(image, o);
        }
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
