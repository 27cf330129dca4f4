package org.rrlfn.jobs.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.rrlfn.jobs.train.RunState;
import org.rrlfn.jobs.train.RunStore;
import org.rrlfn.model.config.Settings;

/** {@code rrlfn fuse-eval [--run RUN] [--output DIR]}: fuse, verify, export, evaluate, report. */
public final class FuseEvalCommand {
    public static final Map<String, String> OPTIONS = Map.of(
            "run", FuseEvalSettings.PATH + ".run",
            "output", FuseEvalSettings.PATH + ".output",
            "max-images", FuseEvalSettings.PATH + ".max-images");

    private FuseEvalCommand() { }

    public static void run(List<String> args, PrintStream out) {
        FuseEvalSettings s = FuseEvalSettings.from(Settings.load(args, OPTIONS).config());
        out.print(runAndReport(s, new Configuration()));
    }

    /** Runs fuse-eval and writes the report; returns the results table and where the report is. */
    public static String runAndReport(FuseEvalSettings s, Configuration hadoop) {
        try {
            var reports = FuseEval.run(s, hadoop);
            Path md = FuseEvalReport.write(Path.of(s.output()), reports, RunState.load(new RunStore(s.run(), hadoop)));
            return "\n" + FuseEvalReport.results(reports) + "\nreport: " + md.toAbsolutePath() + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
