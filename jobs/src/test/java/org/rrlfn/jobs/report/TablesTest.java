package org.rrlfn.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TablesTest {
    @Test
    void paperTablesCarryThePublishedFigures() {
        assertEquals(11, PaperTables.TABLE1_X2.size());
        assertEquals(11, PaperTables.TABLE2_X4.size());
        PaperTables.Comparison x2 = PaperTables.comparison(2).get(10), x4 = PaperTables.comparison(4).get(10);
        assertEquals(PaperTables.RRLFN, x2.model());
        // Table 1: 454K, 60.39 ms, Urban100 32.17/0.9285; Table 2: 470K, 16.41 ms, Set14 28.61/0.7818.
        assertEquals(new PaperTables.Comparison("RRLFN", 454, 60.39, new PaperTables.Score(33.66, 0.9172),
                new PaperTables.Score(32.17, 0.8995), new PaperTables.Score(32.17, 0.9285)), x2);
        assertEquals(470, x4.paramsK());
        assertEquals(new PaperTables.Score(28.61, 0.7818), x4.score(PaperTables.Benchmark.SET14));
        assertEquals(new PaperTables.Score(32.23, 0.8962), PaperTables.TABLE4_CONTRASTIVE_X4.get(1).set5());
        assertEquals("RRLFN_160W", PaperTables.TABLE3_WARM_START_X4.get(0).model());
        assertThrows(IllegalArgumentException.class, () -> PaperTables.comparison(3));
        assertThrows(IllegalArgumentException.class, () -> x4.score(PaperTables.Benchmark.SET5));
    }

    @Test
    void markdownColumnsAreAlignedAndSeparatorsSayHow() {
        String t = new MarkdownTable(List.of("model", "params K", "PSNR"),
                List.of(MarkdownTable.Align.LEFT, MarkdownTable.Align.RIGHT, MarkdownTable.Align.RIGHT))
                .add("RRLFN", 454, "33.66")
                .add("a|b", 12, "9.5")
                .render();
        assertEquals("""
                | model | params K |  PSNR |
                | ----- | -------: | ----: |
                | RRLFN |      454 | 33.66 |
                | a\\|b  |       12 |   9.5 |
                """, t);
        assertThrows(IllegalArgumentException.class, () -> new MarkdownTable(List.of("a"), List.of(MarkdownTable.Align.LEFT)).add(1, 2));
    }
}
