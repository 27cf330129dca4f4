package org.rrlfn.jobs.pipeline;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rrlfn.common.UserError;
import org.rrlfn.common.log.Console;
import org.rrlfn.jobs.model.PixelRangeProbe;
import org.rrlfn.jobs.train.config.TrainSettings;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.onnx.OnnxImport;

/**
 * {@code rrlfn.pipeline.init-x2 / init-x4}: the pipeline fine-tunes given weights instead of training from scratch.
 * Each set scale trains one stage, {@code x<s>-finetune}, initialised from the file (an ONNX graph is imported to a
 * TRAIN-form zip first, a DL4J zip is used as it is); scales without a file are not trained. The stages take their
 * length, rate, EMA and choice of model from rrlfn.train.stage-defaults, which the finetune profile
 * ({@value #PROFILE}) sets, not the demo profile, whose rate is meant for a start from scratch and would undo
 * trained weights.
 */
final class PretrainedStart {
    private static final String PATH = PipelineCommand.PATH;
    /** The training profile of a fine-tune (rrlfn/profiles/finetune.conf). */
    static final String PROFILE = "finetune";

    private PretrainedStart() { }

    /** Scale -> the init file the user gave, in scale order; empty when the pipeline trains from scratch. */
    static Map<Integer, String> inits(Config c) {
        Map<Integer, String> inits = new LinkedHashMap<>();
        for (int s : new int[]{2, 4}) {
            String f = c.getString(PATH + ".init-x" + s);
            if (!f.isEmpty()) inits.put(s, f);
        }
        return inits;
    }

    /**
     * The training configuration for fine-tuning (loaded with the {@value #PROFILE} profile:
     * {@link PipelineCommand#configuration}): one stage per given file, starting from its zip, the rest of it from
     * stage-defaults.
     */
    static Config apply(Config c) {
        Map<Integer, String> inits = inits(c);
        if (inits.isEmpty()) return c;
        List<Map<String, Object>> stages = new ArrayList<>();
        inits.forEach((scale, file) -> {
            Map<String, Object> stage = new LinkedHashMap<>();
            stage.put("name", "x" + scale + "-finetune");
            stage.put("scale", scale);
            stage.put("init", zipFor(c, scale, file));
            stage.put("loss", "l1");
            stages.add(stage);
        });
        return c.withValue(TrainSettings.PATH + ".stages", ConfigValueFactory.fromIterable(stages));
    }

    /** Imports every ONNX init file into the zip {@link #apply} named for it (skipped when that zip exists). */
    static void importOnnxFiles(Config c) {
        int range = c.getInt(PATH + ".init-pixel-range");
        if (range != 1 && range != 255) throw new UserError(PATH + ".init-pixel-range must be 1 or 255, got " + range);
        inits(c).forEach((scale, file) -> {
            if (!isOnnx(file)) return;
            File zip = new File(zipFor(c, scale, file));
            if (zip.isFile()) {
                Console.info("pipeline: %s already imported as %s", file, zip);
                return;
            }
            try {
                OnnxImport.Imported imported = OnnxImport.read(Path.of(file));
                if (imported.config().scale() != scale)
                    throw new UserError(PATH + ".init-x" + scale + " " + file + " is a x" + imported.config().scale() + " model");
                // As import checks its --pixel-range: a wrong range would fine-tune weights that see pixels 255x off.
                if (!c.getBoolean(PATH + ".init-ignore-pixel-range-check"))
                    PixelRangeProbe.requireFits(imported, range, PATH + ".init-pixel-range = " + range,
                            PATH + ".init-x" + scale + " " + file, other -> "set " + PATH + ".init-pixel-range = " + other,
                            PATH + ".init-ignore-pixel-range-check = true");
                File dir = zip.getAbsoluteFile().getParentFile();
                if (!dir.isDirectory() && !dir.mkdirs()) throw new IOException("cannot create " + dir);
                RrlfnModels.save(OnnxImport.toModel(imported, range, RrlfnConfig.Form.TRAIN), zip.getAbsoluteFile(), false);
                Console.info("pipeline: imported %s (pixels 0..%d) -> %s", file, range, zip);
            } catch (IllegalArgumentException e) {
                throw new UserError(PATH + ".init-x" + scale + ": " + e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String zipFor(Config c, int scale, String file) {
        if (!isOnnx(file)) {
            if (!file.toLowerCase(Locale.ROOT).endsWith(".zip"))
                throw new UserError(PATH + ".init-x" + scale + " must be an .onnx file or a DL4J model .zip, got '" + file + "'");
            return file;
        }
        if (!new File(file).isFile()) throw new UserError(PATH + ".init-x" + scale + " " + file + ": no such file");
        String stem = new File(file).getName().replaceFirst("(?i)\\.onnx$", "");
        return new File(c.getString(PATH + ".import-dir"), stem + "-x" + scale + "-train.zip").getPath();
    }

    private static boolean isOnnx(String file) {
        return file.toLowerCase(Locale.ROOT).endsWith(".onnx");
    }
}
