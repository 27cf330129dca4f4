package org.rrlfn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.config.Settings;
import org.rrlfn.data.PreparedLayout.HeldOut;
import org.rrlfn.data.prepare.PrepareJob;
import org.rrlfn.data.prepare.PrepareSettings;
import org.rrlfn.data.sampling.SubImageIndex;
import org.rrlfn.data.sampling.SubImageRef;
import org.rrlfn.data.sampling.TrainingSet;

/** The prepared folder's names, and that what prepare writes is exactly what the layout names for train and eval. */
class PreparedLayoutTest {
    @TempDir File dir;

    @Test
    void namesEveryPathUnderTheRoot() {
        PreparedLayout l = PreparedLayout.at("hdfs://nn/data");
        assertEquals("hdfs://nn/data/manifest.json", l.manifest().toString());
        assertEquals("x4", PreparedLayout.scaleFolder(4));
        assertEquals("hdfs://nn/data/x2", l.scale(2).toString());
        assertEquals("hdfs://nn/data/x2/train", l.train(2).toString());
        assertEquals("hdfs://nn/data/x2/train/index.tsv", l.index(2).toString());
        assertEquals("part-00007.sub", PreparedLayout.shardName(7));
        assertEquals("hdfs://nn/data/x2/train/part-00007.sub", l.shard(2, PreparedLayout.shardName(7)).toString());
        assertEquals("hdfs://nn/data/x4/val", l.heldOut(4, HeldOut.VALIDATION).toString());
        assertEquals("hdfs://nn/data/x4/test/HR", l.hr(4, HeldOut.TEST).toString());
        assertEquals("hdfs://nn/data/x4/val/LR", l.lr(4, HeldOut.VALIDATION).toString());
        assertEquals("hdfs://nn/data/x3/test/HR/a b.png", l.hrImage(3, HeldOut.TEST, "a b").toString());
        assertEquals("hdfs://nn/data/x3/val/LR/c.png", l.lrImage(3, HeldOut.VALIDATION, "c").toString());
    }

    @Test
    void aTemporaryRootLiesInsideTheRootAndIsRecognisedAsOne() {
        PreparedLayout l = PreparedLayout.at("/data/prepared");
        PreparedLayout t = l.temporary();
        assertEquals(l.root(), t.root().getParent());
        assertTrue(PreparedLayout.TEMPORARY.matcher(t.root().getName()).matches(), t.root().getName());
        assertFalse(PreparedLayout.TEMPORARY.matcher("x2").matches());
        assertFalse(t.root().equals(l.temporary().root()), "each run its own");
        assertEquals(new Path(t.root(), "x2/train/index.tsv"), t.index(2));
    }

    @Test
    void fixedPatchFilesOfTheOldFormatAreDetected() throws IOException {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        PreparedLayout l = new PreparedLayout(new Path(dir.toURI()));
        assertFalse(l.isOldFormat(fs, 2), "nothing there");
        fs.mkdirs(l.train(2));
        Files.write(new File(dir, "x2/train/part-00000.sub").toPath(), new byte[4]);
        assertFalse(l.isOldFormat(fs, 2));
        Files.write(new File(dir, "x2/train/part-00000-00000.ds").toPath(), new byte[4]);
        assertTrue(l.isOldFormat(fs, 2));
        assertFalse(l.isOldFormat(fs, 4));
    }

    /**
     * A real prepare run: every visible file it leaves is one the layout names (manifest, index, shards the index
     * lists, held-out PNGs the manifest lists), and train's {@link TrainingSet} reads the sub-images the manifest counts.
     */
    @Test
    void whatPrepareWritesIsWhatTheLayoutNamesForTrainAndEval() throws IOException {
        File in = new File(dir, "photos"), out = new File(dir, "prepared");
        Files.createDirectories(in.toPath());
        for (int i = 0; i < 4; i++)
            Files.write(new File(in, "p" + i + ".png").toPath(), TestImages.encode(TestImages.gradient(200, 160, i), "png"));
        PrepareSettings s = PrepareSettings.from(Settings.load(List.of("prepare.input=" + in.toURI(),
                "prepare.output=" + out.toURI(), "prepare.scales=[2,4]", "prepare.validation-images=1",
                "prepare.test-images=1", "prepare.sub-image-size=96", "prepare.sub-image-step=48"), Map.of()).config());
        Configuration hadoop = new Configuration();
        try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("layout")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"))) {
            PrepareJob.run(sc, s);
        }
        PreparedLayout layout = PreparedLayout.at(out.toURI().toString());
        FileSystem fs = layout.root().getFileSystem(hadoop);
        JsonNode manifest;
        try (InputStream m = fs.open(layout.manifest())) {
            manifest = new ObjectMapper().readTree(m);
        }
        Set<Path> named = new HashSet<>(List.of(layout.manifest()));
        for (int scale : List.of(2, 4)) {
            List<SubImageRef> refs = SubImageIndex.read(fs, layout, scale);
            assertEquals(manifest.get("sub-images").get(PreparedLayout.scaleFolder(scale)).asLong(), refs.size());
            assertEquals(refs.size(), TrainingSet.open(layout.root().toString(), scale, 48, 1, hadoop).size());
            named.add(layout.index(scale));
            for (SubImageRef r : refs) named.add(layout.shard(scale, r.shard()));
            for (HeldOut set : HeldOut.values()) {
                String key = set == HeldOut.VALIDATION ? "validation" : "test";
                assertEquals(1, manifest.get(key).size(), key);
                for (JsonNode name : manifest.get(key)) {
                    named.add(layout.hrImage(scale, set, name.asText()));
                    named.add(layout.lrImage(scale, set, name.asText()));
                }
            }
        }
        Set<Path> written = new HashSet<>();
        try (Stream<java.nio.file.Path> files = Files.walk(out.toPath())) {
            files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .forEach(p -> written.add(fs.makeQualified(new Path(p.toUri()))));
        }
        List<Path> qualified = new ArrayList<>();
        for (Path p : named) qualified.add(fs.makeQualified(p));
        assertEquals(new HashSet<>(qualified), written);
    }
}
