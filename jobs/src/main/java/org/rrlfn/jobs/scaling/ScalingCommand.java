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
 * counts and averaging frequencies, for a CPU and a GPU executor ({@link ScalingModel}), from the measurements in
 * {@code rrlfn.scaling}; writes {@code scaling.md} and {@code scaling.png} to {@code rrlfn.scaling.output}.
 */
public final class ScalingCommand {
    public static final Command COMMAND = new Command("scaling",
            "predicted throughput and efficiency of parameter averaging at 8-64 executors",
            Map.of("output", "rrlfn.scaling.output"), List.of("rrlfn.scaling", ModelSettings.PATH), "",
            ScalingCommand::run);

    /** One executor kind: its name, its measured step and the minibatch of that step. */
    record Executor(String name, double stepMs, int batch) { }

    private ScalingCommand() { }

    static void run(Settings.Loaded loaded, PrintStream out) {
        var config = loaded.config();
        var s = config.getConfig("rrlfn.scaling");
        var measured = s.getConfigList("overhead");
        int[] n = measured.stream().mapToInt(m -> m.getInt("executors")).toArray();
        double[] ms = measured.stream().mapToDouble(m -> m.getDouble("ms")).toArray();
        double[] line;
        try {
            line = ScalingModel.fitOverhead(n, ms);
        } catch (IllegalArgumentException e) {
            throw new UserError("rrlfn.scaling.overhead: " + e.getMessage());
        }
        long parameters = ParamLayout.of(ModelSettings.from(config)).count();
        ScalingModel model = new ScalingModel(s.getDouble("cpu-step-ms"), s.getInt("cpu-batch"), line[0], line[1],
                parameters, s.getDouble("driver-link-gbit") * 1e9 / 8);
        List<Executor> kinds = List.of(new Executor("CPU", s.getDouble("cpu-step-ms"), s.getInt("cpu-batch")),
                new Executor("GPU", s.getDouble("gpu-step-ms"), s.getInt("gpu-batch")));
        List<Integer> executors = s.getIntList("executors"), frequencies = s.getIntList("averaging-frequencies");

        MarkdownTable t = new MarkdownTable(
                List.of("executor (batch)", "H", "executors", "round ms", "patches/s", "efficiency", "MB moved per round"),
                List.of(MarkdownTable.Align.LEFT, MarkdownTable.Align.RIGHT, MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT, MarkdownTable.Align.RIGHT, MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT));
        List<ScalingChart.Curve> curves = new ArrayList<>();
        for (Executor k : kinds) {
            ScalingModel m = model.withStep(k.stepMs(), k.batch());
            for (int f = 0; f < frequencies.size(); f++) {
                int h = frequencies.get(f);
                double[] eff = new double[executors.size()];
                for (int i = 0; i < executors.size(); i++) {
                    int e = executors.get(i);
                    eff[i] = m.efficiency(e, h);
                    t.add(k.name() + " (" + k.batch() + ")", h, e, String.format("%.0f", m.roundMs(e, h)), String.format("%.0f", m.patchesPerSecond(e, h)),
                            String.format("%.0f%%", 100 * eff[i]), String.format("%.1f", m.bytesPerRound(e) / 1e6));
                }
                curves.add(new ScalingChart.Curve(k.name() + ", H = " + h, f, k != kinds.get(0), executors, eff));
            }
        }
        String summary = String.format("overhead(n) = %.0f ms + %.1f ms x n (fitted to %s); %d parameters: %.1f MB per"
                        + " executor per round; driver link %.0f Gbit/s; steps: %s",
                line[0], line[1], measured.stream().map(m -> m.getInt("executors") + " -> " + m.getDouble("ms") + " ms").toList(),
                parameters, model.bytesPerExecutor() / 1e6, s.getDouble("driver-link-gbit"),
                kinds.stream().map(k -> k.name() + " " + k.stepMs() + " ms at batch " + k.batch()).toList());
        out.println(summary);
        out.print(t.render());
        Path dir = Path.of(s.getString("output"));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("scaling.md"), summary + "\n\n" + t.render());
            ChartFiles.png(ScalingChart.chart("Parameter averaging: predicted efficiency", curves), dir.resolve("scaling.png"),
                    900, 560);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println("wrote " + dir.resolve("scaling.md") + " and " + dir.resolve("scaling.png"));
    }
}
