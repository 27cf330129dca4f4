package org.rrlfn.model.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM's very first start with the torch engine: a fresh, empty JavaCPP cache. Loaded the presets' way, libtorch
 * died there with SIGSEGV wherever a system libtorch is installed (Debian's python3-torch, as in CI); {@link Torch#load}
 * unpacks first. Runs a child JVM on this test's class path with its own cache folder.
 */
class ColdStartTest {
    @TempDir Path cache;

    @Test
    void aFirstStartOnAnEmptyCacheLoadsLibtorchAndComputes() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.bytedeco.javacpp.cachedir=" + cache, "-cp", System.getProperty("java.class.path")));
        String ext = System.getProperty("org.bytedeco.javacpp.platform.extension");
        if (ext != null) cmd.add(1, "-Dorg.bytedeco.javacpp.platform.extension=" + ext);
        cmd.add(FirstStart.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the child JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("trace 8.0"), out);
        assertTrue(new File(cache.toFile(), "pytorch-2.10.0-1.5.13-linux-x86_64.jar").isDirectory(),
                "the child must have unpacked libtorch into its own cache: " + out);
    }

    /** The child: loads libtorch the engine's way and computes trace(2·I₄). */
    public static final class FirstStart {
        public static void main(String[] args) {
            Torch.load();
            Tensor t = torch.eye(4).mul(new org.bytedeco.pytorch.Scalar(2.0));
            System.out.println("trace " + t.trace().item_double());
        }
    }
}
