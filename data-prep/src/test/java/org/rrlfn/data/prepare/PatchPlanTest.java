package org.rrlfn.data.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rrlfn.data.TestImages;
import org.rrlfn.model.config.Settings;

/** Settings validation, patch positions, seeded augmentation and the exactness of splitting huge images into bands. */
class PatchPlanTest {
    private static PrepareSettings settings(int patches, long maxPixels) {
        return new PrepareSettings("in", "out", false, List.of(2, 4), 32, patches, 32, 0.0, 1.0, 1.0, 7L, 4, 0, 0,
                maxPixels, 1);
    }

    @Test
    void referenceDefaultsParseAndBadValuesNameTheirKey() {
        var c = ConfigFactory.parseMap(Map.of("rrlfn.prepare.input", "/photos", "rrlfn.prepare.output", "/out"))
                .withFallback(Settings.defaults());
        PrepareSettings s = PrepareSettings.from(c);
        assertEquals(List.of(2, 4), s.scales());
        assertEquals(96, s.hrPatch());
        assertEquals(16, s.shardSize());
        assertEquals(2, s.validationImages());
        assertEquals(4, s.alignment());
        Settings.Invalid e = assertThrows(Settings.Invalid.class, () -> PrepareSettings.from(
                ConfigFactory.parseMap(Map.of("rrlfn.prepare.hr-patch", 90)).withFallback(c)));
        assertTrue(e.getMessage().contains("rrlfn.prepare.hr-patch must be a positive multiple of 4"), e.getMessage());
        e = assertThrows(Settings.Invalid.class, () -> PrepareSettings.from(
                ConfigFactory.parseMap(Map.of("rrlfn.prepare.augment.channel-shuffle-probability", 1.5)).withFallback(c)));
        assertTrue(e.getMessage().contains("rrlfn.prepare.augment.channel-shuffle-probability"), e.getMessage());
        e = assertThrows(Settings.Invalid.class, () -> PrepareSettings.from(Settings.defaults()));
        assertTrue(e.getMessage().contains("rrlfn.prepare.input"), e.getMessage());
    }

    @Test
    void positionsAreAlignedInsideAndReproducible() {
        PrepareSettings s = settings(50, 16_000_000);
        List<PatchPositions.Position> a = PatchPositions.of(s, "img", 102, 78);
        assertEquals(50, a.size());
        for (PatchPositions.Position p : a) {
            assertEquals(0, p.y() % 4);
            assertEquals(0, p.x() % 4);
            assertTrue(p.y() + 32 <= 76 && p.x() + 32 <= 100, p.toString());   // inside the x4 modcrop
        }
        assertEquals(a, PatchPositions.of(s, "img", 102, 78));
        assertNotEquals(a, PatchPositions.of(s, "other", 102, 78));
        // Grid mode: (76-32)/32+1 = 2 rows × (100-32)/32+1 = 3 columns.
        assertEquals(6, PatchPositions.of(settings(0, 16_000_000), "img", 102, 78).size());
    }

    @Test
    void augmentationIsSeededAndCoversAllChoices() {
        PrepareSettings s = settings(1, 16_000_000);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 2000; i++) {
            Augmentation a = Augmentation.draw(s, "img", i);
            Augmentation b = Augmentation.draw(s, "img", i);
            assertEquals(a.dihedral(), b.dihedral());
            assertTrue(Arrays.equals(a.permutation(), b.permutation()));
            seen.add(a.dihedral() + Arrays.toString(a.permutation()));
        }
        assertEquals(48, seen.size());
        PrepareSettings off = new PrepareSettings("in", "out", false, List.of(2, 4), 32, 1, 32, 0.0, 0.0, 0.0, 7L, 4,
                0, 0, 16_000_000L, 1);
        for (int i = 0; i < 100; i++) {
            Augmentation a = Augmentation.draw(off, "img", i);
            assertEquals(0, a.dihedral());
            assertTrue(Arrays.equals(new int[] {0, 1, 2}, a.permutation()));
        }
    }

    @Test
    void augmentationMovesPixelsAsRotationsAndFlipsDo() {
        // 2×2 patch [[a b] [c d]] per channel; a quarter turn counter-clockwise gives [[b d] [a c]].
        float[][][] p = {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}, {{9, 10}, {11, 12}}};
        float[][][] rot = new Augmentation(1, new int[] {0, 1, 2}).apply(p);
        assertTrue(Arrays.deepEquals(new float[][] {{2, 4}, {1, 3}}, rot[0]));
        float[][][] mirror = new Augmentation(4, new int[] {0, 1, 2}).apply(p);
        assertTrue(Arrays.deepEquals(new float[][] {{2, 1}, {4, 3}}, mirror[0]));
        float[][][] half = new Augmentation(2, new int[] {2, 0, 1}).apply(p);
        assertTrue(Arrays.deepEquals(new float[][] {{12, 11}, {10, 9}}, half[0]));   // channel 0 <- input channel 2
        assertTrue(Arrays.deepEquals(new float[][] {{4, 3}, {2, 1}}, half[1]));
    }

    @Test
    void bandsOfAHugeImageGiveExactlyTheWholeImagesPatches() throws Exception {
        int w = 96;
        int h = 200;
        byte[] png = TestImages.encode(TestImages.gradient(w, h, 11), "png");
        PrepareSettings whole = settings(40, 1_000_000);
        PrepareSettings banded = settings(40, 32 * 32 * 4);            // 4096 px: bands of a few rows
        assertEquals(1, Planner.bandCount(whole, w, h));
        List<WorkUnit> bands = Planner.training(banded, List.of(new Planner.Usable("mem", "img", w, h)));
        assertTrue(bands.size() > 3, "bands: " + bands.size());
        List<String> expected = collect(whole, Planner.training(whole, List.of(new Planner.Usable("mem", "img", w, h))), png);
        List<String> actual = collect(banded, bands, png);
        assertEquals(2 * 40, expected.size());
        assertEquals(expected, actual);
    }

    @Test
    void flatPatchesAreSkippedWhenAThresholdIsSet() throws Exception {
        // 64x64 grid of 32-px patches: the top two patches are one flat grey, the bottom two noisy gradient.
        java.awt.image.BufferedImage img = TestImages.gradient(64, 64, 12);
        for (int y = 0; y < 32; y++) for (int x = 0; x < 64; x++) img.setRGB(x, y, 0x808080);
        byte[] png = TestImages.encode(img, "png");
        PrepareSettings s = new PrepareSettings("in", "out", false, List.of(2, 4), 32, 0, 32, 0.02, 0.0, 0.0, 7L, 4,
                0, 0, 16_000_000L, 1);
        List<String> kept = new ArrayList<>();
        WorkUnit u = Planner.training(s, List.of(new Planner.Usable("mem", "img", 64, 64))).get(0);
        int skipped = new PatchExtractor(s).extract(u, png, (scale, lr, hr) -> kept.add(scale + "@" + hr[0][0][0]));
        assertEquals(2, skipped);
        assertEquals(4, kept.size());                           // 2 positions × 2 scales
        assertTrue(kept.stream().noneMatch(k -> k.endsWith("@" + (128 / 255f))), kept.toString());
    }

    private static List<String> collect(PrepareSettings s, List<WorkUnit> units, byte[] png) throws Exception {
        List<String> out = new ArrayList<>();
        PatchExtractor x = new PatchExtractor(s);
        for (WorkUnit u : units)
            x.extract(u, png, (scale, lr, hr) -> out.add(scale + ":" + Arrays.deepToString(lr) + Arrays.deepToString(hr)));
        out.sort(null);
        return out;
    }
}
