package org.rrlfn.data.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.files.InputListing;
import org.rrlfn.common.files.Rejection;
import org.rrlfn.common.spark.HadoopConf;
import org.rrlfn.data.PreparedLayout;
import org.rrlfn.data.TestImages;
import org.rrlfn.data.image.Rgb8;
import org.rrlfn.data.sampling.SubImage;
import org.rrlfn.data.sampling.SubImageRef;

/**
 * The prepare job's parts without Spark: the header probe, one partition's task (shards, held-out PNGs, rejections),
 * the shard writer, the manifest and the progress reporter.
 */
class PrepareUnitsTest {
    @TempDir File dir;
    private final HadoopConf conf = new HadoopConf(new Configuration());

    private static PrepareSettings settings(String... more) {
        List<String> args = new ArrayList<>(List.of("prepare.input=/in", "prepare.output=/out", "prepare.scales=[2, 4]",
                "prepare.sub-image-size=48", "prepare.sub-image-step=24"));
        args.addAll(List.of(more));
        return PrepareSettings.from(Settings.load(args, Map.of()).config());
    }

    private File photo(String name, int w, int h) throws IOException {
        File f = new File(dir, name);
        Files.write(f.toPath(), TestImages.encode(TestImages.gradient(w, h, 1), "png"));
        return f;
    }

    @Test
    void imageProbeReadsHeadersAndNamesWhatIsWrong() throws IOException {
        PrepareSettings s = settings();
        File good = photo("good.png", 120, 90), small = photo("small.png", 40, 30);
        File broken = new File(dir, "broken.png");
        Files.writeString(broken.toPath(), "not a png");
        ImageProbe.Outcome ok = ImageProbe.probe(new InputListing.InputFile(good.toURI().toString(), good.length()), s, conf);
        assertEquals(List.of(120, 90), List.of(ok.width(), ok.height()));
        assertNull(ok.rejected());
        assertTrue(ImageProbe.probe(new InputListing.InputFile(small.toURI().toString(), small.length()), s, conf)
                .rejected().startsWith("too small: 40x30 px"));
        assertFalse(ImageProbe.probe(new InputListing.InputFile(broken.toURI().toString(), broken.length()), s, conf)
                .rejected().isEmpty());
        assertEquals("empty file (0 bytes)",
                ImageProbe.probe(new InputListing.InputFile(good.toURI().toString(), 0), s, conf).rejected());
    }

    @Test
    void shardWriterAppendsRecordsPerScaleAndRemembersWhereEachStarts() throws IOException {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        PreparedLayout root = new PreparedLayout(new Path(dir.toURI()));
        List<SubImageRef> x2;
        try (SubImageShardWriter w = new SubImageShardWriter(fs, root, 3)) {
            w.accept(2, "a", Rgb8.blank(8, 8), Rgb8.blank(4, 4));
            w.accept(2, "b", Rgb8.blank(6, 4), Rgb8.blank(3, 2));
            w.accept(4, "a", Rgb8.blank(8, 8), Rgb8.blank(2, 2));
            assertEquals(3, w.total());
            x2 = w.written().get(2);
            assertEquals(1, w.written().get(4).size());
        }
        assertEquals(List.of("part-00003.sub", "part-00003.sub"), x2.stream().map(SubImageRef::shard).toList());
        assertEquals(0, x2.get(0).offset());
        try (FSDataInputStream in = fs.open(root.shard(2, x2.get(1).shard()))) {
            SubImage b = SubImage.read(in, x2.get(1).offset(), "b");
            assertEquals(List.of(4, 6), List.of(b.height(), b.width()));
        }
        assertTrue(fs.exists(root.shard(4, PreparedLayout.shardName(3))));
    }

    @Test
    void aPartitionTaskWritesShardsAndHeldOutImagesAndRejectsWhatItCannotRead() throws IOException {
        PrepareSettings s = settings();
        File a = photo("a.png", 96, 96), b = photo("b.png", 100, 80);
        PreparedLayout temp = new PreparedLayout(new Path(new File(dir, "temp").toURI()));
        DoubleAccumulator done = new DoubleAccumulator();
        LongAccumulator pairs = new LongAccumulator();
        PartitionTask task = new PartitionTask(s, conf, temp.root().toString(), done, pairs);
        List<WorkUnit> units = List.of(
                new WorkUnit(a.toURI().toString(), "a", 96, 96, 0, 96, 1.0, null),
                new WorkUnit(b.toURI().toString(), "b", 100, 80, 0, 80, 1.0, PreparedLayout.HeldOut.VALIDATION),
                new WorkUnit(new File(dir, "gone.png").toURI().toString(), "gone", 96, 96, 0, 96, 1.0, null));
        Iterator<PartitionResult> out = task.run(0, units.iterator());
        PartitionResult r = out.next();
        assertFalse(out.hasNext());
        assertEquals(List.of("b"), r.heldOutWritten());
        assertEquals(1, r.rejected().size());
        assertTrue(r.rejected().get(0).reason().startsWith("cannot read file"), r.rejected().get(0).reason());
        assertEquals(1, r.imagesFailed());
        long written = r.subImages().values().stream().mapToLong(List::size).sum();
        assertTrue(r.subImages().get(2).size() > 0 && r.subImages().get(4).size() > 0, r.subImages().toString());
        assertEquals(written, pairs.value());
        assertEquals(3.0, done.value());
        FileSystem fs = FileSystem.getLocal(new Configuration());
        for (int scale : List.of(2, 4)) {
            assertTrue(fs.exists(temp.hrImage(scale, PreparedLayout.HeldOut.VALIDATION, "b")));
            assertTrue(fs.exists(temp.lrImage(scale, PreparedLayout.HeldOut.VALIDATION, "b")));
            assertTrue(fs.exists(temp.shard(scale, PreparedLayout.shardName(0))));
        }
    }

    @Test
    void theManifestHoldsCountsSettingsAndRejectionsAndIsWrittenWhole() throws IOException {
        PrepareSettings s = settings();
        PrepareResult r = new PrepareResult(5, 4, 2, List.of("v"), List.of("t"), Map.of(2, 10L, 4, 3L), 1,
                List.of(new Rejection("/in/x.png", "too small")), 2.26);
        Map<String, Object> m = Manifest.of(s, r, List.of(Map.of("file", "a.png", "licence", "CC0")));
        FileSystem fs = FileSystem.getLocal(new Configuration());
        PreparedLayout layout = new PreparedLayout(new Path(dir.toURI()));
        Manifest.write(fs, layout, m);
        JsonNode json;
        try (InputStream in = fs.open(layout.manifest())) {
            json = new ObjectMapper().readTree(in);
        }
        assertEquals("rrlfn-prepare/2", json.get("format").asText());
        assertEquals(10, json.get("sub-images").get("x2").asInt());
        assertEquals(3, json.get("sub-images").get("x4").asInt());
        assertEquals(2, json.get("images").get("training").asInt());
        assertEquals("v", json.get("validation").get(0).asText());
        assertEquals("too small", json.get("rejected").get(0).get("reason").asText());
        assertEquals("CC0", json.get("sources").get(0).get("licence").asText());
        assertEquals(2.3, json.get("seconds").asDouble());
        assertEquals(List.of("manifest.json"), List.of(dir.list((d, n) -> !n.startsWith("."))));
    }
}
