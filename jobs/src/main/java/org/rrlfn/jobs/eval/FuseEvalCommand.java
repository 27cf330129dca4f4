package org.rrlfn.jobs.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Command;
import org.rrlfn.common.config.Settings;
import org.rrlfn.common.files.FileOptions;
import org.rrlfn.common.files.LocalFiles;
import org.rrlfn.common.files.OutputFolder;
import org.rrlfn.jobs.train.run.RunState;
import org.rrlfn.jobs.train.run.RunStore;

/** {@code rrlfn fuse-eval [--run RUN] [--output DIR]}: fuse, verify, export, evaluate, report. */
public final class FuseEvalCommand {
    public static final Command COMMAND = new Command("fuse-eval",
            "fuse, verify, export ONNX, evaluate PSNR/SSIM, write the report",
            Map.of("run", FuseEvalSettings.PATH + ".run",
                    "output", FuseEvalSettings.PATH + ".output",
                    "max-images", FuseEvalSettings.PATH + ".max-images"),
            List.of(FuseEvalSettings.PATH, Settings.ROOT + ".files"), "", FuseEvalCommand::run);

    /** The models folder and the reports and figures (FuseEval, FuseEvalReport). */
    private static final OutputFolder.Kind OUTPUT = new OutputFolder.Kind("fuse-eval",
            Pattern.compile("models|.*\\.(md|json|csv|png)"), LocalFiles.TEMPORARY);

    private FuseEvalCommand() { }

    static void run(Settings.Loaded loaded, PrintStream out) {
        var config = loaded.config();
        FuseEvalSettings s = FuseEvalSettings.from(config);
        out.print(runAndReport(s, FileOptions.from(config), new Configuration()));
    }

    /** Runs fuse-eval and writes the report; returns the results table and where the report is. */
    public static String runAndReport(FuseEvalSettings s, FileOptions options, Configuration hadoop) {
        refuseMissingRun(s, hadoop);
        try (OutputFolder folder = OutputFolder.claim(s.output(), FuseEvalSettings.PATH + ".output", OUTPUT,
                options, hadoop)) {
            var reports = FuseEval.run(s, hadoop);
            folder.ensureLocked();
            Path md = FuseEvalReport.write(Path.of(s.output()), reports, RunState.load(new RunStore(s.run(), hadoop)));
            return "\n" + FuseEvalReport.results(reports) + "\nreport: " + md.toAbsolutePath() + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checked before anything is made: opening a run folder creates it, so a mistyped --run would leave a folder. */
    private static void refuseMissingRun(FuseEvalSettings s, Configuration hadoop) {
        org.apache.hadoop.fs.Path run = new org.apache.hadoop.fs.Path(s.run());
        try {
            if (!run.getFileSystem(hadoop).isDirectory(run))
                throw new UserError(FuseEvalSettings.PATH + ".run " + s.run() + ": no such folder (name the --run folder"
                        + " of a train)");
        } catch (IOException e) {
            throw new UserError(FuseEvalSettings.PATH + ".run " + s.run() + ": cannot read it (" + e.getMessage() + ")");
        }
    }
}
