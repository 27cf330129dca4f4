package org.rrlfn.data.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;
import org.rrlfn.data.TestImages;

/** Settings validation, BasicSR's sub-image grid, flat sub-images, and the exactness of splitting huge images into bands. */
class SubImagePlanTest {
    private static PrepareSettings settings(int size, int step, double flat, long maxPixels) {
        return new PrepareSettings("in", "out", false, List.of(2, 4), size, step, flat, 0, 0, 0, maxPixels, maxPixels, 1);
    }

    @Test
    void referenceDefaultsParseAndBadValuesNameTheirKey() {
        var c = ConfigFactory.parseMap(Map.of("rrlfn.prepare.input", "/photos", "rrlfn.prepare.output", "/out"))
                .withFallback(Settings.defaults());
        PrepareSettings s = PrepareSettings.from(c);
        assertEquals(List.of(2, 4), s.scales());
        assertEquals(480, s.subImageSize());
        assertEquals(240, s.subImageStep());
        assertEquals(2, s.validationImages());
        assertEquals(4, s.alignment());
        UserError e = assertThrows(UserError.class, () -> PrepareSettings.from(
                ConfigFactory.parseMap(Map.of("rrlfn.prepare.sub-image-size", 90)).withFallback(c)));
        assertTrue(e.getMessage().contains("rrlfn.prepare.sub-image-size must be a positive multiple of 4"), e.getMessage());
        e = assertThrows(UserError.class, () -> PrepareSettings.from(
                ConfigFactory.parseMap(Map.of("rrlfn.prepare.sub-image-step", 0)).withFallback(c)));
        assertTrue(e.getMessage().contains("rrlfn.prepare.sub-image-step"), e.getMessage());
        e = assertThrows(UserError.class, () -> PrepareSettings.from(Settings.defaults()));
        assertTrue(e.getMessage().contains("rrlfn.prepare.input"), e.getMessage());
    }

    /** BasicSR: h_space = arange(0, h - size + 1, step), plus h - size when that leaves a strip uncovered. */
    @Test
    void positionsFollowBasicSrsGridOnTheAlignment() {
        // 2040x1356 (a DIV2K size) with 480/240: rows 0,240,480,720 + 876; columns 0..1440 step 240 + 1560.
        List<SubImagePositions.Position> p = SubImagePositions.of(settings(480, 240, 0, 16_000_000), 2040, 1356);
        assertEquals(5 * 8, p.size());
        assertEquals(List.of(0, 240, 480, 720, 876), p.stream().map(SubImagePositions.Position::y).distinct().toList());
        assertEquals(List.of(0, 240, 480, 720, 960, 1200, 1440, 1560),
                p.stream().map(SubImagePositions.Position::x).distinct().toList());
        assertTrue(p.stream().allMatch(q -> q.height() == 480 && q.width() == 480));
        // 102x78: aligned to 100x76; an axis shorter than the size gives one sub-image spanning it.
        List<SubImagePositions.Position> small = SubImagePositions.of(settings(96, 48, 0, 16_000_000), 102, 78);
        assertEquals(List.of(new SubImagePositions.Position(0, 0, 76, 96), new SubImagePositions.Position(0, 4, 76, 96)),
                small);
        // An exact fit adds no flush position.
        assertEquals(4, SubImagePositions.of(settings(32, 32, 0, 16_000_000), 64, 64).size());
    }

    @Test
    void bandsOfAHugeImageGiveExactlyTheWholeImagesSubImages() throws Exception {
        int w = 96;
        int h = 200;
        byte[] png = TestImages.encode(TestImages.gradient(w, h, 11), "png");
        PrepareSettings whole = settings(32, 16, 0, 1_000_000);
        PrepareSettings banded = settings(32, 16, 0, 32 * 32 * 4);            // 4096 px: bands of a few rows
        assertEquals(1, Planner.bandCount(whole, w, h));
        List<WorkUnit> bands = Planner.training(banded, List.of(new Planner.Usable("mem", "img", w, h)));
        assertTrue(bands.size() > 3, "bands: " + bands.size());
        List<String> expected = collect(whole, Planner.training(whole, List.of(new Planner.Usable("mem", "img", w, h))), png);
        List<String> actual = collect(banded, bands, png);
        assertEquals(2 * 12 * 5, expected.size());     // 2 scales × rows 0..176 step 16 (12) × columns 0..64 (5)
        assertEquals(expected, actual);
    }

    @Test
    void flatSubImagesAreSkippedWhenAThresholdIsSet() throws Exception {
        // 64x64 grid of 32-px sub-images: the top two are one flat grey, the bottom two noisy gradient.
        java.awt.image.BufferedImage img = TestImages.gradient(64, 64, 12);
        for (int y = 0; y < 32; y++) for (int x = 0; x < 64; x++) img.setRGB(x, y, 0x808080);
        byte[] png = TestImages.encode(img, "png");
        PrepareSettings s = settings(32, 32, 0.02, 16_000_000);
        List<String> kept = new ArrayList<>();
        WorkUnit u = Planner.training(s, List.of(new Planner.Usable("mem", "img", 64, 64))).get(0);
        int skipped = new SubImageExtractor(s).extract(u, png, (scale, image, hr, lr) -> kept.add(scale + "@" + hr.get(0, 0, 0)));
        assertEquals(2, skipped);
        assertEquals(4, kept.size());                           // 2 positions × 2 scales
        assertTrue(kept.stream().noneMatch(k -> k.endsWith("@128")), kept.toString());
    }

    private static List<String> collect(PrepareSettings s, List<WorkUnit> units, byte[] png) throws Exception {
        List<String> out = new ArrayList<>();
        SubImageExtractor x = new SubImageExtractor(s);
        for (WorkUnit u : units)
            x.extract(u, png, (scale, image, hr, lr) -> out.add(scale + ":" + Arrays.deepToString(hr.planes())
                    + Arrays.deepToString(lr.planes())));
        out.sort(null);
        return out;
    }
}
