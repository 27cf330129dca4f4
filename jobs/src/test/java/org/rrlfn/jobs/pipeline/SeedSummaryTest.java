package org.rrlfn.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrlfn.jobs.eval.FuseEvalReport;
import org.rrlfn.jobs.eval.ModelReport;
import org.rrlfn.jobs.scoring.PairEvaluation;
import org.rrlfn.jobs.train.config.TrainSettings;
import org.rrlfn.jobs.train.run.RunState;

/**
 * The summary over seeds: figures read back from what train (its state) and fuse-eval (summary.json, written by
 * {@link FuseEvalReport} itself) record, their mean, sample std and range against values worked by hand, and the
 * files with the conditions of a repeat.
 */
class SeedSummaryTest {
    @TempDir Path dir;

    /** Seed k's figures: validation of stages a (x2) and b (x4), test scores of model b (x4). */
    private SeedSummary.Seed seed(long seed, double valPsnrB, double testPsnr, double testSsim, double testBlockiness)
            throws Exception {
        RunState state = new RunState();
        state.validated("a", validation(41.0, 41.42, 1.28, 1.25));
        state.validated("b", validation(valPsnrB, 35.66, 1.20, 1.16));
        Path report = Files.createDirectories(dir.resolve("report-" + seed));
        PairEvaluation.Summary test = new PairEvaluation.Summary("test", 4, testPsnr, testSsim, testBlockiness, 32.37,
                0.8657, 1.23);
        FuseEvalReport.write(report, List.of(new ModelReport("b", 4, 1000, 900, 1.0, 1e-7, 1e-7, "64x64", 1, 1, 1,
                "m.zip", "m.onnx", List.of(), List.of(test))), state);
        return SeedSummary.read(seed, state, Map.of("a", 2, "b", 4), report.resolve("summary.json"));
    }

    private static RunState.Validation validation(double psnr, double bicubic, double blockiness, double bicubicBlockiness) {
        return new RunState.Validation(new PairEvaluation.Summary("val", 2, psnr, 0.9, blockiness, bicubic, 0.9,
                bicubicBlockiness));
    }

    @Test
    void figuresAcrossSeedsAsWorkedByHand() throws Exception {
        List<SeedSummary.Seed> seeds = List.of(seed(1, 37.00, 34.80, 0.9020, 1.21), seed(2, 37.30, 34.50, 0.9000, 1.25),
                seed(3, 37.60, 34.20, 0.8990, 1.26));
        List<SeedSummary.Across> all = SeedSummary.across(seeds);
        assertEquals(List.of("validation a PSNR-Y x2", "validation a blockiness x2", "validation b PSNR-Y x4",
                        "validation b blockiness x4", "test b PSNR-Y x4", "test b SSIM-Y x4", "test b blockiness x4"),
                all.stream().map(a -> a.set() + " " + a.model() + " " + a.metric() + " x" + a.scale()).toList());

        // Test PSNR 34.80, 34.50, 34.20: mean 34.50; deviations ±0.30, 0; (0.09 + 0 + 0.09) / 2 = 0.09; √ = 0.30.
        // Gain over bicubic's 32.37: 2.43, 2.13, 1.83 -> mean 2.13, std 0.30, range 1.83–2.43.
        Map<String, String> csv = rows(SeedSummary.csv(all));
        assertEquals("3,34.500000,0.300000,34.200000,34.800000,32.370000,2.130000,0.300000,1.830000,2.430000",
                csv.get("test,b,4,PSNR-Y"));
        // SSIM 0.9020, 0.9000, 0.8990: mean 0.900333…; deviations +0.001667, −0.000333, −0.001333; squares
        // 2.7778e-6 + 1.111e-7 + 1.7778e-6 = 4.6667e-6; / 2 = 2.3333e-6; √ = 0.0015275.
        assertEquals("3,0.900333,0.001528,0.899000,0.902000,0.865700,0.034633,0.001528,0.033300,0.036300",
                csv.get("test,b,4,SSIM-Y"));
        // Blockiness 1.21, 1.25, 1.26 vs bicubic 1.23: mean 1.24; deviations −0.03, +0.01, +0.02; 0.0014 / 2 = 0.0007;
        // √ = 0.026458. Ours − bicubic: −0.02, +0.02, +0.03 -> mean 0.01.
        assertEquals("3,1.240000,0.026458,1.210000,1.260000,1.230000,0.010000,0.026458,-0.020000,0.030000",
                csv.get("test,b,4,blockiness"));
        // Validation of b: 37.00, 37.30, 37.60 -> mean 37.30, std 0.30; stage a is the same on every seed: std 0.
        assertEquals("3,37.300000,0.300000,37.000000,37.600000,35.660000,1.640000,0.300000,1.340000,1.940000",
                csv.get("validation,b,4,PSNR-Y"));
        assertEquals("3,41.000000,0.000000,41.000000,41.000000,41.420000,-0.420000,0.000000,-0.420000,-0.420000",
                csv.get("validation,a,2,PSNR-Y"));

        String tables = SeedSummary.write(dir, seeds, RunConditions.of("model name\t: Test CPU\nflags\t\t: sse avx2\n",
                Map.of("DNNL_MAX_CPU_ISA", "AVX2"), 2, "onednn-avx2", "1 per worker", "2 workers", "Java 17", "rrlfn test"));
        assertTrue(tables.contains("| b     |    x4 | test |     3 | 34.50 ± 0.30 (34.20 – 34.80) |"), tables);
        assertTrue(tables.contains("+2.13 ± 0.30 (+1.83 – +2.43)"), tables);
        String md = Files.readString(dir.resolve(SeedSummary.MARKDOWN));
        assertTrue(md.contains(tables), md);
        String stageA = md.lines().filter(l -> l.startsWith("| a ")).findFirst().orElseThrow();
        assertTrue(stageA.contains(" 41.00 |") && stageA.contains(" 41.42 |") && stageA.contains(" -0.42 |"),
                "stage a, the same on every seed: its figures alone: " + stageA);
        assertTrue(md.contains("- CPU: Test CPU, 2 cores; instruction sets: avx2; avx512f absent"), md);
        assertTrue(md.contains("kernels (oneDNN; ATen on the torch engine): at most AVX2, capped by DNNL_MAX_CPU_ISA=AVX2"), md);
        assertTrue(md.contains(SeedSummary.CONDITIONS), md);
        assertEquals(Files.readString(dir.resolve(SeedSummary.CSV)), SeedSummary.csv(all));
        List<String> perSeed = Files.readAllLines(dir.resolve(SeedSummary.PER_SEED));
        assertEquals("seed,set,model,scale,metric,value,bicubic", perSeed.get(0));
        assertTrue(perSeed.contains("2,test,b,4,PSNR-Y,34.500000,32.370000"), perSeed.toString());
        assertEquals(1 + 3 * 7, perSeed.size());
        BufferedImage png = ImageIO.read(dir.resolve(SeedSummary.CHART).toFile());
        assertEquals(List.of(1000, 700), List.of(png.getWidth(), png.getHeight()));
    }

    @Test
    void aSeedWithoutAFigureIsLeftOutOfItsSpread() throws Exception {
        SeedSummary.Seed full = seed(1, 37.0, 34.8, 0.90, 1.21);
        List<SeedSummary.Figure> fewer = new ArrayList<>(full.figures());
        fewer.removeIf(f -> f.set().equals("test"));
        List<SeedSummary.Across> all = SeedSummary.across(List.of(full, new SeedSummary.Seed(2, fewer)));
        SeedSummary.Across test = all.stream().filter(a -> a.set().equals("test") && a.metric().equals("PSNR-Y"))
                .findFirst().orElseThrow();
        assertEquals(1, test.oursSpread().n());
        assertEquals(34.8, test.oursSpread().mean(), 1e-12);
        assertTrue(Double.isNaN(test.ours()[1]));
    }

    @Test
    void conditionsReadTheCpuAndTheCap() {
        String cpuinfo = "processor\t: 0\nmodel name\t: AMD EPYC 9R14\nflags\t\t: fpu sse4_1 avx2 avx512f avx512bw\n"
                + "processor\t: 1\nmodel name\t: AMD EPYC 9R14\nflags\t\t: fpu sse4_1 avx2 avx512f avx512bw\n";
        RunConditions free = RunConditions.of(cpuinfo, Map.of(), 2, "onednn-avx2", "1", "2 workers", "Java", "rrlfn");
        assertEquals("AMD EPYC 9R14", free.cpu());
        assertEquals(List.of("avx2", "avx512f", "avx512bw"), free.flags());
        assertEquals("AVX-512 (no cap set)", free.kernelIsa());
        RunConditions capped = RunConditions.of(cpuinfo, Map.of("ONEDNN_MAX_CPU_ISA", "AVX2"), 2, "onednn-avx2", "1", "",
                "", "");
        assertEquals("at most AVX-512, capped by ONEDNN_MAX_CPU_ISA=AVX2", capped.kernelIsa());
        RunConditions torch = RunConditions.of(cpuinfo, Map.of("DNNL_MAX_CPU_ISA", "AVX2", "ATEN_CPU_CAPABILITY",
                "avx2", "PATH", "/bin"), 2, "onednn-avx2", "1", "", "", "");
        assertEquals("at most AVX-512, capped by DNNL_MAX_CPU_ISA=AVX2, ATEN_CPU_CAPABILITY=avx2", torch.kernelIsa());
        RunConditions none = RunConditions.of("", Map.of(), 1, "generic", "1", "", "", "");
        assertEquals("unknown", none.cpu());
        assertEquals("below AVX2 (no cap set)", none.kernelIsa());
    }

    /** The conditions name the run's batch and crop, and a stage's own where it trains on other crops. */
    @Test
    void conditionsNameAStagesOwnCrops() {
        String stages = "[{name = a, scale = 2, init = scratch, iterations = 1}, {name = b, scale = 4, init = previous,"
                + " iterations = 1, hr-patch = 192, batch-size = 8}]";
        String training = RunConditions.training(TrainSettings.from(org.rrlfn.common.config.Settings.load(
                List.of("train.stages=" + stages, "train.hr-patch=96", "train.batch-size=32"), Map.of()).config()));
        assertTrue(training.contains("2 workers, global batch 32 of HR crops 96, averaging")
                && training.endsWith("steps; b: global batch 8 of HR crops 192") && !training.contains("a: "), training);
    }

    /** summary.csv's rows by set,model,scale,metric -> the rest. */
    private static Map<String, String> rows(String csv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String line : csv.strip().split("\n")) {
            String[] c = line.split(",", 5);
            m.put(c[0] + "," + c[1] + "," + c[2] + "," + c[3], c[4]);
        }
        return m;
    }
}
