package org.rrlfn.jobs.model;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.rrlfn.common.config.Command;
import org.rrlfn.common.config.Settings;
import org.rrlfn.jobs.model.ModelSettings;
import org.rrlfn.model.arch.Complexity;
import org.rrlfn.model.arch.RrlfnConfig;

/** {@code rrlfn summary}: parameter counts of both forms and analytic conv FLOPs per LR pixel. */
public final class SummaryCommand {
    public static final Map<String, String> OPTIONS = Map.of(
            "scale", ModelSettings.PATH + ".scale",
            "channels", ModelSettings.PATH + ".channels",
            "blocks", ModelSettings.PATH + ".blocks",
            "esa-channels", ModelSettings.PATH + ".esa-channels");
    public static final Command COMMAND = new Command("summary", "parameter counts and FLOPs of both forms",
            OPTIONS, List.of(ModelSettings.PATH), "", SummaryCommand::run);

    /** The paper's reported (fused) parameter counts, Tables 1 and 2, in thousands. */
    private static final Map<Integer, Integer> PAPER_K = Map.of(2, 454, 4, 470);

    private SummaryCommand() { }

    static void run(Settings.Loaded loaded, PrintStream out) {
        RrlfnConfig train = ModelSettings.from(loaded.config());
        RrlfnConfig twoBranch = train.withMergeBranchesInGraph(false);
        RrlfnConfig deploy = train.withForm(RrlfnConfig.Form.DEPLOY);
        out.println(train.withForm(RrlfnConfig.Form.DEPLOY).toString().replace(" DEPLOY", ""));
        out.printf("%-30s %12s %18s %16s %22s%n", "form", "parameters", "conv MACs/LR px", "FLOPs/LR px",
                "GFLOPs, 256x256 LR");
        row(out, "TRAIN (3x3 + 1x1 branches)", twoBranch);
        if (train.trainsMergedKernel()) row(out, "TRAIN, in-graph merged kernel", train);
        row(out, "DEPLOY (fused)", deploy);
        Integer paper = PAPER_K.get(train.scale());
        if (paper != null) out.printf("paper, Table %d: %dK parameters (fused)%n", train.scale() == 2 ? 1 : 2, paper);
        out.println("MACs count convolutions; ESA's strided and pooled convs at their large-image densities 1/4 and 1/36;"
                + " FLOPs = 2 x MACs.");
    }

    private static void row(PrintStream out, String name, RrlfnConfig c) {
        double macs = Complexity.macsPerPixel(c);
        out.printf("%-30s %,12d %,18.1f %,16.1f %22.3f%n", name, Complexity.parameters(c), macs, 2 * macs,
                2.0 * Complexity.macs(c, 256, 256) / 1e9);
    }
}
