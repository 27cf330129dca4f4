package org.rrlfn.data.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.data.PreparedLayout;
import org.rrlfn.data.image.Rgb8;

/**
 * Planning on the driver and drawing on the worker together: minibatches mix images, every sub-image is used once
 * per epoch in an order re-drawn each epoch, and the recipes of a round do not depend on the rounds planned before.
 * Each of the 10 images is one flat grey level, which no crop, rotation or permutation changes: a crop's grey says
 * which image it came from, whatever the sampler did.
 */
class TrainingSetTest {
    private static final int IMAGES = 10;
    @TempDir File dir;

    /** Image k: 2 + k % 3 sub-images (29 in all, photos of different sizes) of 40×40 at x2, grey level 20·(k + 1). */
    private String writeGreys() throws IOException {
        File train = new File(dir, "x2/train");
        Files.createDirectories(train.toPath());
        List<SubImageRef> refs = new ArrayList<>();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                new FileOutputStream(new File(train, "part-00000.sub"))))) {
            for (int k = 0; k < IMAGES; k++)
                for (int j = 0; j < 2 + k % 3; j++) {
                    refs.add(new SubImageRef("part-00000.sub", out.size(), 40, 40, "grey" + k));
                    SubImage.write(out, 2, grey(40, 20 * (k + 1)), grey(20, 20 * (k + 1)));
                }
        }
        SubImageIndex.write(FileSystem.getLocal(new Configuration()), new PreparedLayout(new Path(dir.toURI())), 2, refs);
        return dir.toURI().toString();
    }

    private static Rgb8 grey(int side, int v) {
        Rgb8 img = Rgb8.blank(side, side);
        for (int c = 0; c < 3; c++) for (int y = 0; y < side; y++) for (int x = 0; x < side; x++) img.set(c, y, x, v);
        return img;
    }

    @Test
    void minibatchesOfSixteenFromTenImagesHoldAtLeastEightOfThem() throws IOException {
        TrainingSet set = TrainingSet.open(writeGreys(), 2, 16, 42, new Configuration());
        assertEquals(29, set.size());
        CropSampler sampler = new CropSampler(new SampleSettings(16, 1, 1, 42));
        FileSystem fs = FileSystem.getLocal(new Configuration());
        for (int round = 0; round < 10; round++)   // 640 samples: 22 epochs and their boundaries
            for (String recipe : set.forRound(0, round, 4, 16)) {
                CropSampler.Batch b = sampler.sample(fs, BatchRecipe.parse(recipe));
                Set<Integer> greys = new HashSet<>();
                for (int k = 0; k < 16; k++) greys.add(Math.round(b.hr()[k * 3 * 16 * 16] * 255));
                assertTrue(greys.size() >= 8, "round " + round + ": only " + greys.size() + " images in " + greys);
            }
    }

    @Test
    void everySubImageOncePerEpochInAnOrderRedrawnEachEpoch() throws IOException {
        String root = writeGreys();
        List<SubImageRef> refs = SubImageIndex.read(FileSystem.getLocal(new Configuration()), PreparedLayout.at(root), 2);
        SampleOrder order = new SampleOrder(refs, 42, 0);
        List<SubImageRef> e0 = order.slice(0, 29), e1 = order.slice(29, 29);
        assertEquals(new HashSet<>(refs), new HashSet<>(e0));
        assertEquals(29, new HashSet<>(e0).size());
        assertEquals(new HashSet<>(refs), new HashSet<>(e1));
        assertNotEquals(e0, e1, "epoch 1 reshuffled");
        assertNotEquals(e0, new SampleOrder(refs, 42, 1).slice(0, 29), "each stage its own order");
        // Spread: inside an epoch, any 15 consecutive samples (at least the largest spacing, 29 / 2) hold all 10 images.
        for (int i = 0; i + 15 <= 29; i++) {
            Set<String> images = new HashSet<>();
            for (SubImageRef r : e0.subList(i, i + 15)) images.add(r.image());
            assertEquals(IMAGES, images.size(), "samples " + i + ".." + (i + 14));
        }
    }

    @Test
    void aRoundsRecipesDoNotDependOnTheRoundsPlannedBefore() throws IOException {
        String root = writeGreys();
        TrainingSet uninterrupted = TrainingSet.open(root, 2, 16, 42, new Configuration());
        List<List<String>> all = new ArrayList<>();
        for (int r = 0; r < 8; r++) all.add(uninterrupted.forRound(3, r, 4, 16));
        TrainingSet resumed = TrainingSet.open(root, 2, 16, 42, new Configuration());
        for (int r = 5; r < 8; r++) assertEquals(all.get(r), resumed.forRound(3, r, 4, 16), "round " + r);
        assertEquals(32, all.stream().flatMap(List::stream).distinct().count(), "no two minibatches alike");
    }

    /** The worker reads only the rows a crop covers, straight from the shard: the same pixels as the whole record. */
    @Test
    void cropsReadFromAShardEqualCropsOfTheWholeSubImage() throws IOException {
        java.util.Random rnd = new java.util.Random(8);
        Rgb8 hr = Rgb8.blank(60, 44);                       // 44 rows, 60 columns at x4
        for (int c = 0; c < 3; c++) for (int y = 0; y < 44; y++) for (int x = 0; x < 60; x++) hr.set(c, y, x, rnd.nextInt(256));
        Rgb8 lr = Rgb8.blank(15, 11);
        for (int c = 0; c < 3; c++) for (int y = 0; y < 11; y++) for (int x = 0; x < 15; x++) lr.set(c, y, x, rnd.nextInt(256));
        File train = new File(dir, "x4/train");
        Files.createDirectories(train.toPath());
        long offset;
        try (DataOutputStream out = new DataOutputStream(new FileOutputStream(new File(train, "part-00003.sub")))) {
            SubImage.write(out, 4, grey(40, 7), grey(10, 7));  // a record before it, so the offset matters
            offset = out.size();
            SubImage.write(out, 4, hr, lr);
        }
        List<BatchRecipe.Sample> samples = new ArrayList<>();
        for (int k = 0; k < 16; k++) samples.add(new BatchRecipe.Sample("part-00003.sub", offset));
        CropSampler sampler = new CropSampler(new SampleSettings(24, 1, 1, 3));
        CropSampler.Batch b = sampler.sample(FileSystem.getLocal(new Configuration()),
                BatchRecipe.parse(new BatchRecipe(train.toURI().toString(), 4, 2, 9, samples).encode()));
        SubImage whole = SubImage.of(4, hr, lr);
        for (int k = 0; k < 16; k++) {
            CropSampler.Crop c = sampler.draw(whole, 2, 9, k);
            assertTrue(java.util.Arrays.equals(c.hr(), java.util.Arrays.copyOfRange(b.hr(), k * 3 * 24 * 24, (k + 1) * 3 * 24 * 24)), "HR " + k);
            assertTrue(java.util.Arrays.equals(c.lr(), java.util.Arrays.copyOfRange(b.lr(), k * 3 * 6 * 6, (k + 1) * 3 * 6 * 6)), "LR " + k);
        }
    }

    @Test
    void oldFixedPatchShardsAreRefusedWithTheWayOut() throws IOException {
        File train = new File(dir, "x2/train");
        Files.createDirectories(train.toPath());
        Files.write(new File(train, "part-00000-00000.ds").toPath(), new byte[16]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingSet.open(dir.toURI().toString(), 2, 16, 1, new Configuration()));
        assertTrue(e.getMessage().contains("fixed training patches (*.ds) from an earlier `rrlfn prepare`"), e.getMessage());
        assertTrue(e.getMessage().contains("re-run `rrlfn prepare`"), e.getMessage());
    }

    @Test
    void subImagesSmallerThanTheCropAreLeftOutAndNoneLeftIsAnError() throws IOException {
        String root = writeGreys();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingSet.open(root, 2, 48, 1, new Configuration()));
        assertTrue(e.getMessage().contains("is at least 48 px on each side"), e.getMessage());
    }
}
