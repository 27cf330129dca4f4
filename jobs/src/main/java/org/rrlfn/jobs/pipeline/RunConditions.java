package org.rrlfn.jobs.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.common.files.Sha256;
import org.rrlfn.jobs.build.BuildVersion;
import org.rrlfn.jobs.train.config.Stage;
import org.rrlfn.jobs.train.config.TrainSettings;

/**
 * What decides whether a run repeats bit for bit, as found where the driver runs: a seed fixes every random draw
 * (SeedDeterminismTest), but the arithmetic is the CPU's. oneDNN, which runs the convolutions, picks its kernels at
 * run time by the instruction sets the CPU has (AVX2, AVX-512, …) up to the cap {@code DNNL_MAX_CPU_ISA} (or
 * {@code ONEDNN_MAX_CPU_ISA}; ND4J's oneDNN and libtorch's both read it); on the torch engine ATen's own vectorised
 * kernels choose likewise, capped by {@code ATEN_CPU_CAPABILITY}. Kernels for other instruction sets, other thread
 * counts and the other engine sum in other orders and round differently in the last bits, which a few hundred steps
 * of training amplify.
 *
 * @param cpu        the CPU's model name (/proc/cpuinfo), or "unknown"
 * @param flags      the instruction-set flags that matter here that the CPU has (avx2, avx512f, …)
 * @param isaCap     the environment's caps on the kernels, e.g. "DNNL_MAX_CPU_ISA=AVX2, ATEN_CPU_CAPABILITY=avx2",
 *                   or "" for none
 * @param nd4j       the ND4J native build (bin/rrlfn's RRLFN_ND4J flavour)
 * @param threads    ND4J threads of this JVM, and of executor JVMs where a cluster sets them
 * @param training   engine, workers, batch and crop (the run's, and a stage's own) and averaging path: which kernels
 *                   run and how the sums of a step and a round are split
 * @param build      rrlfn's version and the code's jar with its SHA-256 prefix
 */
record RunConditions(String cpu, int cores, List<String> flags, String isaCap, String nd4j, String threads,
                     String training, String java, String build) {
    /** The flags named in the summary: the vector instruction sets oneDNN chooses among. */
    private static final List<String> ISA_FLAGS = List.of("avx2", "avx512f", "avx512bw", "avx512_vnni", "avx512_bf16",
            "amx_tile");

    /** The environment variables that cap the instruction set of oneDNN's (ND4J, libtorch) and ATen's kernels. */
    private static final List<String> CAPS = List.of("DNNL_MAX_CPU_ISA", "ONEDNN_MAX_CPU_ISA", "ATEN_CPU_CAPABILITY");

    static RunConditions here(SparkConf spark, TrainSettings train) {
        String cpuinfo;
        try {
            cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
        } catch (IOException e) {
            cpuinfo = "";
        }
        String executors = spark.get("spark.executorEnv.OMP_NUM_THREADS", "");
        String threads = Nd4j.getEnvironment().maxMasterThreads() + " in the driver JVM (spark.master " + spark.get("spark.master")
                + ")" + (executors.isEmpty() ? "" : ", OMP_NUM_THREADS=" + executors + " in executors");
        String ext = System.getProperty("org.bytedeco.javacpp.platform.extension", "");
        return of(cpuinfo, System.getenv(), Runtime.getRuntime().availableProcessors(),
                ext.isEmpty() ? "generic" : ext.substring(1), threads, training(train),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), codeBuild());
    }

    /** Engine, workers, the run's batch and crop and each stage's own, averaging path. */
    static String training(TrainSettings train) {
        StringBuilder ownCrops = new StringBuilder();
        for (Stage st : train.stages())
            if (st.batchSize() != train.batchSize() || st.hrPatch() != train.sampling().hrPatch())
                ownCrops.append("; ").append(st.name()).append(": global batch ").append(st.batchSize())
                        .append(" of HR crops ").append(st.hrPatch());
        return "engine " + train.engine().key() + ", " + train.workers() + " workers, global batch " + train.batchSize()
                + " of HR crops " + train.sampling().hrPatch() + ", averaging " + train.averaging().key + " every "
                + train.averagingFrequency() + " steps" + ownCrops;
    }

    static RunConditions of(String cpuinfo, Map<String, String> env, int cores, String nd4j, String threads,
                            String training, String java, String build) {
        String model = "unknown";
        Set<String> flags = Set.of();
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String key = line.substring(0, colon).trim(), value = line.substring(colon + 1).trim();
            if (key.equals("model name") && model.equals("unknown")) model = value;
            if (key.equals("flags") && flags.isEmpty()) flags = Set.of(value.split("\\s+"));
        }
        Set<String> has = flags;
        String cap = String.join(", ", CAPS.stream()
                .filter(k -> env.get(k) != null && !env.get(k).isEmpty()).map(k -> k + "=" + env.get(k)).toList());
        return new RunConditions(model, cores, ISA_FLAGS.stream().filter(has::contains).toList(), cap, nd4j, threads,
                training, java, build);
    }

    /** The widest vector instruction set the kernels (oneDNN; ATen on torch) may use, as the flags and caps allow. */
    String kernelIsa() {
        String best = flags.contains("avx512f") ? "AVX-512" : flags.contains("avx2") ? "AVX2" : "below AVX2";
        return isaCap.isEmpty() ? best + " (no cap set)" : "at most " + best + ", capped by " + isaCap;
    }

    /** The conditions as Markdown list items. */
    String markdown() {
        return "- CPU: " + cpu + ", " + cores + " cores; instruction sets: " + (flags.isEmpty() ? "none of " + ISA_FLAGS
                : String.join(", ", flags)) + "; avx512f " + (flags.contains("avx512f") ? "present" : "absent") + "\n"
                + "- kernels (oneDNN; ATen on the torch engine): " + kernelIsa() + "; ND4J natives: " + nd4j + "\n"
                + "- ND4J threads (the torch engine's intra-op threads follow them): " + threads + "\n"
                + "- training: " + training + "\n"
                + "- build: " + build + "; " + java + "\n";
    }

    /** rrlfn's version and the jar the code was loaded from, by SHA-256 prefix (or the class folder in a build tree). */
    private static String codeBuild() {
        String version = "rrlfn " + BuildVersion.get();
        try {
            Path code = Path.of(RunConditions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(code)) return version + ", classes in " + code;
            try (InputStream in = Files.newInputStream(code)) {
                return version + ", " + code.getFileName() + " sha256 " + Sha256.hex(in).substring(0, 12);
            }
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            return version + " (code location unknown: " + e.getMessage() + ")";
        }
    }
}
