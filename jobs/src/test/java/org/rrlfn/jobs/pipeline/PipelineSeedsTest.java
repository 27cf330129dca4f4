package org.rrlfn.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.common.UserError;
import org.rrlfn.jobs.SyntheticPhotos;

/**
 * {@code rrlfn pipeline --seeds}: one prepared set, a run and a report per seed, the summary of their spread; a re-run
 * evaluates again only the seed whose report no longer matches its models.
 */
class PipelineSeedsTest {
    @TempDir File dir;

    private List<String> args(String seeds) {
        return List.of("--photos", new File(dir, "photos").getPath(), "pipeline.photo-downscale=2", "--profile", "full",
                "pipeline.fetch-default-photos=false", "train.data=" + new File(dir, "prepared").getPath(),
                "pipeline.seeds-output=" + new File(dir, "seeds").getPath(), "--seeds", seeds, "fuse-eval.repeats=1",
                "prepare.scales=[2]", "prepare.sub-image-size=96", "prepare.sub-image-step=48",
                "prepare.validation-images=1", "prepare.test-images=1", "model.channels=8", "model.blocks=1",
                "model.esa-channels=4", "train.batch-size=8", "train.hr-patch=32", "train.averaging-frequency=2",
                "train.validation-images=1", "train.stages=[{name = s, scale = 2, init = scratch, iterations = 4}]");
    }

    private static String run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PipelineCommand.COMMAND.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void eachSeedTrainsAndIsEvaluatedOnceAndTheSummaryGivesTheirSpread() throws Exception {
        SyntheticPhotos.write(new File(dir, "photos"), 5, 256, 256, 3);
        Path seeds = dir.toPath().resolve("seeds");
        String printed = run(args("[3, 1]"));

        for (String seed : List.of("seed-3", "seed-1")) {
            assertTrue(Files.isRegularFile(seeds.resolve(seed + "/run/stages/s/final.zip")), seed);
            assertTrue(Files.isRegularFile(seeds.resolve(seed + "/report/summary.json")), seed);
            assertTrue(Files.readString(seeds.resolve(seed + "/run/run-config.json"))
                    .matches("(?s).*\"rrlfn\\.train\\.seed\"\\s*:\\s*\"" + seed.substring(5) + "\".*"), seed + " trained with its seed");
        }
        List<String> perSeed = Files.readAllLines(seeds.resolve(SeedSummary.PER_SEED));
        List<String> testPsnr = perSeed.stream().filter(l -> l.contains(",test,s,2,PSNR-Y,")).toList();
        assertEquals(2, testPsnr.size(), perSeed.toString());
        assertTrue(testPsnr.get(0).startsWith("3,") && testPsnr.get(1).startsWith("1,"), "in the order given: " + testPsnr);
        assertNotEquals(testPsnr.get(0).substring(2), testPsnr.get(1).substring(2), "two seeds, two models");
        String csv = Files.readString(seeds.resolve(SeedSummary.CSV));
        assertTrue(csv.contains("\nvalidation,s,2,PSNR-Y,2,"), csv);
        assertTrue(csv.contains("\ntest,s,2,SSIM-Y,2,"), csv);
        assertTrue(Files.size(seeds.resolve(SeedSummary.CHART)) > 0);
        String md = Files.readString(seeds.resolve(SeedSummary.MARKDOWN));
        assertTrue(md.contains("# The schedule over 2 seeds") && md.contains("- CPU: ")
                && md.contains("kernels (oneDNN; ATen on the torch engine): ")
                && md.contains("- training: engine dl4j, 2 workers"), md);
        assertTrue(printed.contains("| s     |    x2 | test |     2 |"), printed);
        assertTrue(printed.contains("summary: " + seeds.resolve(SeedSummary.MARKDOWN).toAbsolutePath()), printed);
        assertTrue(printed.contains("pipeline finished in"), printed);

        // Seed 1's record of what its report evaluated goes: it is evaluated again; seed 3's report stays as it was.
        FileTime three = modified(seeds.resolve("seed-3/report/summary.json"));
        FileTime one = modified(seeds.resolve("seed-1/report/summary.json"));
        Files.delete(seeds.resolve("seed-1/" + SeedRuns.EVALUATED));
        String again = run(args("[3, 1]"));
        assertEquals(three, modified(seeds.resolve("seed-3/report/summary.json")), "seed 3 was not evaluated again");
        assertNotEquals(one, modified(seeds.resolve("seed-1/report/summary.json")), "seed 1 was evaluated again");
        assertTrue(Files.isRegularFile(seeds.resolve("seed-1/" + SeedRuns.EVALUATED)));
        assertEquals(perSeed, Files.readAllLines(seeds.resolve(SeedSummary.PER_SEED)),
                "the same models score the same again");
        assertEquals(printed.substring(0, printed.indexOf("summary: ")), again.substring(0, again.indexOf("summary: ")));
    }

    @Test
    void seedsMustBeDistinctIntegers() {
        List<String> twice = new ArrayList<>(args("[1, 2, 1]"));
        assertEquals("rrlfn.pipeline.seeds names seed 1 twice: each seed is one run",
                assertThrows(UserError.class, () -> run(twice)).getMessage());
        assertTrue(assertThrows(UserError.class, () -> run(args("[1, one]"))).getMessage()
                .startsWith("rrlfn.pipeline.seeds must be a list of integers, e.g. [1, 2, 3]"));
        assertTrue(!new File(dir, "seeds").exists() && !new File(dir, "prepared").exists(), "refused before anything ran");
    }

    private static FileTime modified(Path p) throws Exception {
        return Files.getLastModifiedTime(p);
    }
}
