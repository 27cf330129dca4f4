package org.rrlfn.jobs.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rrlfn.common.UserError;
import org.rrlfn.jobs.PublishedRlfn;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.onnx.OnnxExport;
import org.rrlfn.model.onnx.OnnxImport;

/**
 * `import` with the wrong --pixel-range, on the published RLFN_S weights (0..255) and on our own ONNX export of them
 * (0..1): the wrong range stops with one line naming it and the range to use, and writes nothing; the right one and
 * the override are accepted.
 */
class PixelRangeProbeTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    @TempDir Path dir;

    @ParameterizedTest(name = "x{0}")
    @ValueSource(ints = {2, 4})
    void theWrongRangeIsRefusedAndTheRightOneAccepted(int scale) throws Exception {
        Path published = PublishedRlfn.exportOnnx(scale, dir);
        refused(published, 1, 255);
        Path zip = importOk(published, "255");

        // Our own export of the same (now 0..1) weights: the other direction.
        Path ours = dir.resolve("ours.onnx");
        OnnxExport.write(RrlfnModels.load(zip.toFile(), false), ours);
        refused(ours, 255, 1);
        importOk(ours, "1");
    }

    @Test
    void theOverrideImportsTheWrongRangeAnyway() throws Exception {
        Path published = PublishedRlfn.exportOnnx(2, dir);
        Path zip = dir.resolve("forced.zip");
        ImportCommand.COMMAND.run(List.of("--onnx", published.toString(), "--output", zip.toString(), "--pixel-range",
                "1", "--ignore-pixel-range-check"), QUIET);
        assertTrue(Files.isRegularFile(zip));
    }

    @Test
    void anUntrainedModelIsNotJudged() throws Exception {
        OnnxImport.Imported untrained = OnnxImport.read(
                OnnxExport.model(RrlfnModels.create(RrlfnConfig.paper(2).withForm(RrlfnConfig.Form.DEPLOY), 42)));
        for (int range : new int[] {1, 255}) {
            PixelRangeProbe.Verdict v = PixelRangeProbe.measure(untrained, range);
            assertTrue(v.namedDeviation() > PixelRangeProbe.FITS && v.otherDeviation() > PixelRangeProbe.FITS,
                    "an untrained network returns no grey under either range: " + v);
            assertFalse(v.wrong(), v.toString());
        }
    }

    private void refused(Path onnx, int wrong, int right) {
        Path zip = dir.resolve("wrong.zip");
        UserError e = assertThrows(UserError.class, () -> ImportCommand.COMMAND.run(List.of("--onnx", onnx.toString(),
                "--output", zip.toString(), "--pixel-range", String.valueOf(wrong)), QUIET));
        String m = e.getMessage();
        assertTrue(m.startsWith("--pixel-range " + wrong + " (rrlfn.import.pixel-range) does not fit " + onnx), m);
        assertTrue(m.contains("re-run with --pixel-range " + right) && m.contains("--ignore-pixel-range-check"), m);
        assertFalse(m.contains("\n"), "one line: " + m);
        assertFalse(Files.exists(zip), "nothing written");
    }

    private Path importOk(Path onnx, String range) {
        Path zip = dir.resolve(onnx.getFileName() + "-" + range + ".zip");
        ImportCommand.COMMAND.run(List.of("--onnx", onnx.toString(), "--output", zip.toString(), "--pixel-range", range),
                QUIET);
        assertTrue(Files.isRegularFile(zip));
        return zip;
    }
}
