package org.rrlfn.data.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;
import org.rrlfn.data.PreparedLayout;
import org.rrlfn.data.TestImages;

/** {@code rrlfn prepare} and {@code rrlfn benchmark-prepare} as commands: options in, a summary line or table out. */
class PrepareTest {
    @TempDir File dir;

    private File photos(int count) throws Exception {
        File in = new File(dir, "photos");
        Files.createDirectories(in.toPath());
        for (int i = 0; i < count; i++)
            Files.write(new File(in, "p" + i + ".png").toPath(), TestImages.encode(TestImages.gradient(160, 120, i), "png"));
        return in;
    }

    private static final List<String> SMALL = List.of("prepare.scales=[2]", "prepare.sub-image-size=64",
            "prepare.sub-image-step=32", "prepare.validation-images=1", "prepare.test-images=1", "--master", "local[1]");

    @Test
    void prepareWritesTheSetAndPrintsItsSummary() throws Exception {
        File in = photos(4), out = new File(dir, "prepared");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<String> args = new java.util.ArrayList<>(List.of("--input", in.getPath(), "--output", out.getPath()));
        args.addAll(SMALL);
        PrepareCommand.COMMAND.run(args, new PrintStream(printed, true, StandardCharsets.UTF_8));
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("prepared " + out.getPath() + ": 2 training + 1 validation + 1 test images"), text);
        assertTrue(new File(PreparedLayout.at(out.getPath()).manifest().toString()).isFile());

        UserError e = assertThrows(UserError.class, () -> PrepareCommand.COMMAND.run(List.of("stray"), System.out));
        assertTrue(e.getMessage().contains("no positional arguments"), e.getMessage());
    }

    @Test
    void benchmarkPrepareTimesOneRunPerMasterIntoATable() throws Exception {
        File in = photos(4);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<String> args = new java.util.ArrayList<>(List.of("--input", in.getPath(),
                "benchmark-prepare.masters=[\"local[1]\"]", "benchmark-prepare.warm-up=false"));
        args.addAll(SMALL.subList(0, 5));
        PrepareBenchmarkCommand.COMMAND.run(args, new PrintStream(printed, true, StandardCharsets.UTF_8));
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("| master |"), lines.get(0));
        assertTrue(lines.get(2).startsWith("| local[1] | 2+2 | "), lines.get(2));
    }
}
