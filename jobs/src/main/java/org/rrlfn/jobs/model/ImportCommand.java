package org.rrlfn.jobs.model;

import com.typesafe.config.Config;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Command;
import org.rrlfn.common.config.Settings;
import org.rrlfn.model.arch.Complexity;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.onnx.OnnxImport;

/** {@code rrlfn import --onnx FILE --output MODEL.zip [--pixel-range 1|255] [--form deploy|train]}. */
public final class ImportCommand {
    public static final String PATH = Settings.ROOT + ".import";
    public static final Command COMMAND = new Command("import",
            "a fused RLFN_S-layout ONNX graph (e.g. published weights) as a DL4J model zip",
            Map.of("onnx", PATH + ".onnx",
                    "output", PATH + ".output",
                    "pixel-range", PATH + ".pixel-range",
                    "form", PATH + ".form",
                    "ignore-pixel-range-check", PATH + ".ignore-pixel-range-check=true"),
            List.of(PATH), "", ImportCommand::run);

    private ImportCommand() { }

    static void run(Settings.Loaded loaded, PrintStream out) {
        Config c = loaded.config();
        String onnx = c.getString(PATH + ".onnx"), output = c.getString(PATH + ".output");
        if (onnx.isEmpty() || output.isEmpty()) throw new UserError("import needs --onnx FILE and --output MODEL.zip");
        int range = c.getInt(PATH + ".pixel-range");
        if (range != 1 && range != 255)
            throw new UserError(PATH + ".pixel-range must be 1 or 255, got " + range);
        RrlfnConfig.Form form = form(c.getString(PATH + ".form"));
        if (!Files.isRegularFile(Path.of(onnx))) throw new UserError("--onnx " + onnx + ": no such file");
        try {
            if (Files.exists(Path.of(output)) && Files.isSameFile(Path.of(onnx), Path.of(output)))
                throw new UserError(PATH + ".output " + output + " is the --onnx input itself: writing the model there"
                        + " would destroy it; name another file");
        } catch (IOException e) {
            throw new UserError(PATH + ".output " + output + ": " + e.getMessage());
        }
        ComputationGraph g;
        try {
            OnnxImport.Imported imported = OnnxImport.read(Path.of(onnx));
            if (!c.getBoolean(PATH + ".ignore-pixel-range-check"))
                PixelRangeProbe.requireFits(imported, range, "--pixel-range " + range + " (" + PATH + ".pixel-range)",
                        onnx, other -> "re-run with --pixel-range " + other, "add --ignore-pixel-range-check");
            g = OnnxImport.toModel(imported, range, form);
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        File target = new File(output).getAbsoluteFile();
        try {
            Files.createDirectories(target.getParentFile().toPath());
            RrlfnModels.save(g, target, false);
        } catch (IOException e) {
            throw new UserError("cannot write " + target + ": " + e.getMessage());
        }
        RrlfnConfig arch = RrlfnModels.architecture(g);
        out.printf("%s -> %s: %s, %,d parameters (%,d fused), pixels 0..%d converted to 0..1%n", onnx, target, arch,
                Complexity.parameters(arch), Complexity.parameters(arch.withForm(RrlfnConfig.Form.DEPLOY)), range);
    }

    private static RrlfnConfig.Form form(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "deploy" -> RrlfnConfig.Form.DEPLOY;
            case "train" -> RrlfnConfig.Form.TRAIN;
            default -> throw new UserError(PATH + ".form must be deploy or train, got '" + s + "'");
        };
    }
}
