package org.rrlfn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The published RLFN_S checkpoints (../shared/pretrained beside the repository) and tools/pytorch_rrlfn.py, which
 * exports them to ONNX and runs them in PyTorch as RLFN's own test code does. CI has both and sets
 * RRLFN_REQUIRE_TORCH=1, so tests using this fail there instead of skipping.
 */
public final class PublishedRlfn {
    public static final String PYTHON = "/usr/bin/python3";
    /** Surefire runs in the module folder; the repository root is its parent, shared/ sits beside the root. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path SCRIPT = ROOT.resolve("tools/pytorch_rrlfn.py");
    private static final Path SHARED = ROOT.getParent().resolve("shared/pretrained");

    private PublishedRlfn() { }

    /** The checkpoint of a scale; skips the test when torch or the files are missing, unless CI requires them. */
    public static Path checkpoint(int scale) throws Exception {
        Path pth = SHARED.resolve("rlfn_s_x" + scale + ".pth");
        boolean torch = new File(PYTHON).canExecute()
                && new ProcessBuilder(PYTHON, "-c", "import torch").start().waitFor() == 0;
        if ("1".equals(System.getenv("RRLFN_REQUIRE_TORCH"))) {
            assertTrue(torch, PYTHON + " with torch is required (apt-get install python3-torch)");
            assertTrue(Files.isRegularFile(pth), pth + " is required (the published RLFN_S weights, see shared/pretrained)");
        }
        Assumptions.assumeTrue(torch, "python3-torch not installed");
        Assumptions.assumeTrue(Files.isRegularFile(pth), pth + " not found");
        return pth;
    }

    /** {@code pytorch_rrlfn.py export-rlfn}: the checkpoint as ONNX, 0..255 pixels. */
    public static Path exportOnnx(int scale, Path dir) throws Exception {
        Path onnx = dir.resolve("rlfn_s_x" + scale + ".onnx");
        python(List.of("export-rlfn", checkpoint(scale).toString(), onnx.toString()));
        return onnx;
    }

    /** {@code rrlfn import --pixel-range 255} of an exported checkpoint: our DEPLOY zip beside it. */
    public static Path importedZip(Path onnx) throws Exception {
        Path zip = onnx.resolveSibling(onnx.getFileName().toString().replace(".onnx", ".zip"));
        org.rrlfn.jobs.model.ImportCommand.COMMAND.run(List.of("--onnx", onnx.toString(), "--output", zip.toString(),
                "--pixel-range", "255"), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        return zip;
    }

    /** PyTorch running the checkpoint on each LR batch in [0, 1] (×255 in, output ÷255), as RLFN's test code. */
    public static List<INDArray> pytorch(int scale, List<INDArray> lr, Path dir) throws Exception {
        List<String> args = new ArrayList<>(List.of("rlfn-reference", checkpoint(scale).toString(), "--input"));
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < lr.size(); i++) {
            File in = dir.resolve("rlfn-in-" + i + ".npy").toFile();
            Nd4j.writeAsNumpy(lr.get(i).castTo(DataType.FLOAT), in);
            args.add(in.getPath());
            outs.add(dir.resolve("rlfn-out-" + i + ".npy").toString());
        }
        args.add("--output");
        args.addAll(outs);
        python(args);
        List<INDArray> sr = new ArrayList<>();
        for (String o : outs) sr.add(Nd4j.createFromNpyFile(new File(o)).castTo(DataType.FLOAT));
        return sr;
    }

    private static void python(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, SCRIPT.toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + "\n" + log);
    }
}
