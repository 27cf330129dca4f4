package org.rrlfn.jobs.model;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Command;
import org.rrlfn.common.config.Settings;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;

/**
 * {@code rrlfn backend-check}: which ND4J backend and device this JVM loaded, and whether its forward pass agrees
 * with another backend's. {@code --save DIR} writes a seeded TRAIN model, an input image and the output computed
 * here; {@code --compare DIR} (run with the other backend, e.g. a {@code -Pcuda} build) loads both and checks the
 * output here against the saved one. Weights travel as a file because backends need not draw the same randoms.
 */
public final class BackendCheckCommand {
    public static final Command COMMAND = new Command("backend-check", "the ND4J backend and device loaded; its forward"
            + " vs another backend's (--save DIR here, --compare DIR there)",
            Map.of("save", "rrlfn.backend-check.save",
                    "compare", "rrlfn.backend-check.compare",
                    "scale", ModelSettings.PATH + ".scale"),
            List.of("rrlfn.backend-check", ModelSettings.PATH), "", BackendCheckCommand::run);

    /** Raised when the outputs differ by more than the tolerance: exit code 1. */
    public static final class Mismatch extends UserError {
        Mismatch(String message) { super(message); }
    }

    private BackendCheckCommand() { }

    static void run(Settings.Loaded loaded, PrintStream out) {
        var config = loaded.config();
        var c = config.getConfig("rrlfn.backend-check");
        String save = c.getString("save"), compare = c.getString("compare");
        if (save.isEmpty() == compare.isEmpty()) {
            throw new UserError("rrlfn backend-check needs exactly one of --save DIR and --compare DIR");
        }
        out.printf("ND4J backend %s, data type %s%n", Nd4j.getBackend().getClass().getName(), Nd4j.dataType());
        out.println("environment: " + Nd4j.getExecutioner().getEnvironmentInformation());
        try {
            if (!save.isEmpty()) save(new File(save), ModelSettings.from(config), c.getInt("lr-size"), out);
            else compare(new File(compare), c.getDouble("tolerance"), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void save(File dir, RrlfnConfig arch, int size, PrintStream out) throws IOException {
        if (!dir.isDirectory() && !dir.mkdirs()) throw new IOException("cannot create " + dir);
        ComputationGraph g = RrlfnModels.create(arch, 1);
        INDArray input = Nd4j.rand(DataType.FLOAT, 1, 3, size, size);
        RrlfnModels.save(g, new File(dir, "model.zip"), false);
        Nd4j.saveBinary(input, new File(dir, "input.bin"));
        Nd4j.saveBinary(RrlfnModels.upscale(g, input), new File(dir, "output.bin"));
        out.printf("saved %s model, %dx%d input and its output to %s%n", arch, size, size, dir);
    }

    private static void compare(File dir, double tolerance, PrintStream out) throws IOException {
        File model = new File(dir, "model.zip");
        if (!model.isFile()) throw new UserError("rrlfn.backend-check.compare: no " + model + " (run --save first)");
        ComputationGraph g = RrlfnModels.load(model, false);
        INDArray input = Nd4j.readBinary(new File(dir, "input.bin"));
        INDArray expected = Nd4j.readBinary(new File(dir, "output.bin"));
        double diff = RrlfnModels.upscale(g, input).sub(expected).amaxNumber().doubleValue();
        out.printf("max |output here - output saved in %s| = %.3g (tolerance %.1g)%n", dir, diff, tolerance);
        if (!(diff <= tolerance)) throw new Mismatch("outputs differ by " + diff + " > " + tolerance);
        out.println("backend-check: OK");
    }
}
