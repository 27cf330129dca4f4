package org.rrlfn.jobs.scaling;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Command;
import org.rrlfn.common.config.Settings;
import org.rrlfn.jobs.model.ModelSettings;
import org.rrlfn.jobs.report.ChartFiles;
import org.rrlfn.jobs.report.MarkdownTable;
import org.rrlfn.jobs.report.ScalingChart;
import org.rrlfn.model.arch.ParamLayout;

/**
 * {@code rrlfn scaling}: predicted throughput and efficiency of parameter averaging at the configured executor
 * counts and averaging frequencies, for each averaging path and for a CPU and a GPU executor ({@link ScalingModel}),
 * from the measurements in
 * {@code rrlfn.scaling}; writes {@code scaling-table.md} and {@code scaling.png} to {@code rrlfn.scaling.output}.
 */
public final class ScalingCommand {
    public static final Command COMMAND = new Command("scaling",
            "predicted throughput and efficiency of parameter averaging at 8-64 executors",
            Map.of("output", "rrlfn.scaling.output"), List.of("rrlfn.scaling", ModelSettings.PATH), "",
            ScalingCommand::run);

    /** One executor kind: its name, its measured step and the minibatch of that step. */
    record Executor(String name, double stepMs, int batch) { }

    /** One averaging path with its overhead line fitted to measurements. */
    record PathOverhead(String name, ScalingModel.Transfer transfer, double fixedMs, double perExecutorMs,
                        String measured) { }

    private ScalingCommand() { }

    static void run(Settings.Loaded loaded, PrintStream out) {
        var config = loaded.config();
        var s = config.getConfig("rrlfn.scaling");
        List<PathOverhead> paths = paths(s.getConfigList("paths"));
        long parameters = ParamLayout.of(ModelSettings.from(config)).count();
        double link = s.getDouble("driver-link-gbit") * 1e9 / 8;
        List<Executor> kinds = List.of(new Executor("CPU", s.getDouble("cpu-step-ms"), s.getInt("cpu-batch")),
                new Executor("GPU", s.getDouble("gpu-step-ms"), s.getInt("gpu-batch")));
        List<Integer> executors = s.getIntList("executors"), frequencies = s.getIntList("averaging-frequencies");

        MarkdownTable t = new MarkdownTable(
                List.of("path", "executor (batch)", "H", "executors", "round ms", "patches/s", "efficiency",
                        "MB moved per round"),
                List.of(MarkdownTable.Align.LEFT, MarkdownTable.Align.LEFT, MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT, MarkdownTable.Align.RIGHT, MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT, MarkdownTable.Align.RIGHT));
        List<ScalingChart.Curve> curves = new ArrayList<>();
        for (int p = 0; p < paths.size(); p++) {
            PathOverhead path = paths.get(p);
            for (Executor k : kinds) {
                ScalingModel m = new ScalingModel(k.stepMs(), k.batch(), path.fixedMs(), path.perExecutorMs(),
                        parameters, link, path.transfer());
                for (int f = 0; f < frequencies.size(); f++) {
                    int h = frequencies.get(f);
                    double[] eff = new double[executors.size()];
                    for (int i = 0; i < executors.size(); i++) {
                        int e = executors.get(i);
                        eff[i] = m.efficiency(e, h);
                        t.add(path.name(), k.name() + " (" + k.batch() + ")", h, e, String.format("%.0f", m.roundMs(e, h)),
                                String.format("%.0f", m.patchesPerSecond(e, h)), String.format("%.0f%%", 100 * eff[i]),
                                String.format("%.1f", m.bytesPerRound(e, h) / 1e6));
                    }
                    curves.add(new ScalingChart.Curve(path.name() + ", " + k.name() + ", H = " + h, f,
                            k != kinds.get(0), p < paths.size() - 1, executors, eff));
                }
            }
        }
        ScalingModel any = new ScalingModel(0, 1, 0, 0, parameters, link);
        String summary = String.format("overhead(n): %s; %d parameters: %.1f MB of state per executor and direction per"
                        + " round; driver link %.0f Gbit/s; steps: %s",
                paths.stream().map(p -> String.format("%s %.0f ms + %.1f ms x n (fitted to %s; %s transfer)", p.name(),
                        p.fixedMs(), p.perExecutorMs(), p.measured(), p.transfer().name().toLowerCase())).toList(),
                parameters, any.stateBytes() / 1e6, s.getDouble("driver-link-gbit"),
                kinds.stream().map(k -> k.name() + " " + k.stepMs() + " ms at batch " + k.batch()).toList());
        out.println(summary);
        out.print(t.render());
        Path dir = Path.of(s.getString("output"));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("scaling-table.md"), summary + "\n\n" + t.render());
            ChartFiles.png(ScalingChart.chart("Parameter averaging: predicted efficiency (thick: "
                    + paths.get(paths.size() - 1).name() + " path)", curves), dir.resolve("scaling.png"), 1000, 660);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println("wrote " + dir.resolve("scaling-table.md") + " and " + dir.resolve("scaling.png"));
    }

    private static List<PathOverhead> paths(List<? extends com.typesafe.config.Config> configured) {
        if (configured.isEmpty()) throw new UserError("rrlfn.scaling.paths is empty: give at least one path's overheads");
        List<PathOverhead> out = new ArrayList<>();
        for (var p : configured) {
            String name = p.getString("name");
            var measured = p.getConfigList("overhead");
            int[] n = measured.stream().mapToInt(m -> m.getInt("executors")).toArray();
            double[] ms = measured.stream().mapToDouble(m -> m.getDouble("ms")).toArray();
            try {
                double[] line = ScalingModel.fitOverhead(n, ms);
                out.add(new PathOverhead(name, ScalingModel.Transfer.of(p.getString("transfer")), line[0], line[1],
                        measured.stream().map(m -> m.getInt("executors") + " -> " + m.getDouble("ms") + " ms").toList().toString()));
            } catch (IllegalArgumentException e) {
                throw new UserError("rrlfn.scaling.paths, path " + name + ": " + e.getMessage());
            }
        }
        return out;
    }
}
