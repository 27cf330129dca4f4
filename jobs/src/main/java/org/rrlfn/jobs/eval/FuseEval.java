package org.rrlfn.jobs.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rrlfn.common.UserError;
import org.rrlfn.common.files.LocalFiles;
import org.rrlfn.common.log.Console;
import org.rrlfn.common.log.Timing;
import org.rrlfn.data.image.RgbTensors;
import org.rrlfn.jobs.scoring.EvalSet;
import org.rrlfn.jobs.scoring.PairEvaluation;
import org.rrlfn.jobs.train.run.RunLayout;
import org.rrlfn.jobs.train.run.RunState;
import org.rrlfn.jobs.train.run.RunStore;
import org.rrlfn.jobs.upscale.ModelLoader;
import org.rrlfn.model.arch.Complexity;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.dl4j.RrlfnModels;
import org.rrlfn.model.onnx.OnnxExport;
import org.rrlfn.model.onnx.OnnxUpscaler;
import org.rrlfn.model.reparam.Fusion;

/**
 * Driver-side: for each trained model, fuse TRAIN → DEPLOY and prove the fusion on real images, export and
 * prove ONNX, score ours and bicubic on every evaluation set, and time the three engines.
 */
public final class FuseEval {
    private FuseEval() { }

    /** Thrown when fused or exported outputs stray from the trained network's beyond the tolerance. */
    public static final class VerificationFailed extends RuntimeException {
        VerificationFailed(String message) { super(message); }
    }

    public static List<ModelReport> run(FuseEvalSettings s, Configuration hadoop) throws IOException {
        RunStore store = new RunStore(s.run(), hadoop);
        Map<String, ComputationGraph> models = models(s, store);
        Path dir = Files.createDirectories(Path.of(s.output(), "models"));
        List<ModelReport> out = new ArrayList<>();
        for (Map.Entry<String, ComputationGraph> m : models.entrySet())
            out.add(evaluate(s, m.getKey(), m.getValue(), dir, hadoop));
        return out;
    }

    /** The configured stages, or by default the last finished stage of each scale. */
    static Map<String, ComputationGraph> models(FuseEvalSettings s, RunStore store) throws IOException {
        RunState state = RunState.load(store);
        List<String> names = s.models().isEmpty() ? state.completed() : s.models();
        if (names.isEmpty()) throw new UserError(FuseEvalSettings.PATH + ".run "
                + store.uri() + " has no finished stage: train first");
        Map<Integer, String> lastOfScale = new LinkedHashMap<>();
        Map<String, ComputationGraph> loaded = new LinkedHashMap<>();
        for (String n : names) {
            if (!store.exists(RunLayout.finalModel(n)))
                throw new UserError("stage '" + n + "' has no final model in " + store.uri());
            ComputationGraph g;
            try {
                g = store.loadModel(RunLayout.finalModel(n), false);
            } catch (IOException | RuntimeException e) {
                throw new UserError(store.path(RunLayout.finalModel(n)) + " cannot be read as a model, it is damaged ("
                        + RunStore.reason(e) + "): train stage '" + n + "' again in a new run, or name other stages in "
                        + FuseEvalSettings.PATH + ".models");
            }
            loaded.put(n, g);
            lastOfScale.put(RrlfnModels.architecture(g).scale(), n);
        }
        if (!s.models().isEmpty()) return loaded;
        Map<String, ComputationGraph> last = new LinkedHashMap<>();
        lastOfScale.values().forEach(n -> last.put(n, loaded.get(n)));
        return last;
    }

    static ModelReport evaluate(FuseEvalSettings s, String stage, ComputationGraph train, Path dir, Configuration hadoop)
            throws IOException {
        RrlfnConfig arch = RrlfnModels.architecture(train);
        int scale = arch.scale();
        List<EvalSet> sets = new ArrayList<>();
        List<PairEvaluation.ReferenceModel> references = new ArrayList<>();
        for (int i = 0; i < s.sets().size(); i++) {
            FuseEvalSettings.SetSpec spec = s.sets().get(i);
            sets.add(EvalSet.load(spec.name(), spec.hrFor(scale), spec.lrFor(scale), scale, s.maxImages(), hadoop));
            references.add(reference(s, i, scale, hadoop));
        }

        ComputationGraph deploy = Fusion.fuse(train, 1);
        // The reference is the explicit two-branch TRAIN network (3x3 + 1x1 convs), not the in-graph
        // merged kernel the model trained with: that one already computes the fused kernel. Float outputs are
        // compared on a central crop of every image: fusion is exact pixel by pixel, and whole photos would need
        // tens of GB of activations.
        ComputationGraph branches = RrlfnModels.create(arch.withMergeBranchesInGraph(false), 1);
        RrlfnModels.assignParams(branches, RrlfnModels.params(train));
        double fusionDiff = 0;
        for (EvalSet set : sets)
            for (EvalSet.Pair p : set.pairs()) {
                INDArray lr = centre(RgbTensors.toNchw(p.lr()), CHECK_SIDE);
                fusionDiff = Math.max(fusionDiff, maxDiff(RrlfnModels.upscale(branches, lr), RrlfnModels.upscale(deploy, lr)));
            }
        if (fusionDiff > s.fusionTolerance())
            throw new VerificationFailed(stage + ": fused model differs from the trained one by " + fusionDiff
                    + " (tolerance " + s.fusionTolerance() + ") on the evaluation images");
        Console.info("%s: fusion verified on %d images (central crops), max |two-branch TRAIN - DEPLOY| = %.2e", stage,
                sets.stream().mapToInt(e -> e.pairs().size()).sum(), fusionDiff);

        Path zip = dir.resolve(stage + "-x" + scale + "-deploy.zip"), onnx = dir.resolve(stage + "-x" + scale + ".onnx");
        LocalFiles.write(zip, out -> ModelSerializer.writeModel(deploy, out, false));
        LocalFiles.write(onnx, out -> OnnxExport.model(deploy).writeTo(out));
        EvalSet.Pair first = sets.get(0).pairs().get(0);
        INDArray lr = centre(RgbTensors.toNchw(first.lr()), CHECK_SIDE);
        double onnxDiff;
        double onnxMs;
        try (OnnxUpscaler ort = new OnnxUpscaler(onnx, s.onnxThreads())) {
            onnxDiff = Math.max(maxDiff(RrlfnModels.upscale(deploy, lr), ort(ort, lr)),
                    maxDiff(RrlfnModels.upscale(deploy, corner(lr)), ort(ort, corner(lr))));
            if (onnxDiff > s.onnxTolerance())
                throw new VerificationFailed(stage + ": ONNX Runtime differs from DL4J by " + onnxDiff + " (tolerance "
                        + s.onnxTolerance() + ")");
            onnxMs = Timing.medianMs(s.repeats(), () -> ort(ort, lr));
        }
        Console.info("%s: ONNX export verified with ONNX Runtime on %s and %s inputs, max diff %.2e -> %s", stage,
                shape(lr), shape(corner(lr)), onnxDiff, onnx);

        List<PairEvaluation.Row> rows = new ArrayList<>();
        List<PairEvaluation.Summary> summaries = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            EvalSet set = sets.get(i);
            PairEvaluation.ReferenceModel reference = references.get(i);
            List<PairEvaluation.Row> r = PairEvaluation.score(deploy, reference, set);
            rows.addAll(r);
            summaries.add(PairEvaluation.summarise(set.name(), r, reference == null ? null : reference.name()));
            if (reference != null) reference.graph().close();
        }
        ComparisonFigure.write(dir.getParent().resolve("comparison-" + stage + ".png"), first, deploy, scale);
        double trainMs = Timing.medianMs(s.repeats(), () -> RrlfnModels.upscale(branches, lr));
        double fusedMs = Timing.medianMs(s.repeats(), () -> RrlfnModels.upscale(deploy, lr));
        RrlfnConfig deployArch = arch.withForm(RrlfnConfig.Form.DEPLOY);
        double gflopsPerMp = 2.0 * Complexity.macsPerPixel(deployArch) * 1e6 / 1e9;
        return new ModelReport(stage, scale, Complexity.parameters(arch), Complexity.parameters(deployArch), gflopsPerMp,
                fusionDiff, onnxDiff, first.name() + " centre (" + lr.size(3) + "x" + lr.size(2) + " LR)",
                trainMs, fusedMs, onnxMs, zip.toString(), onnx.toString(), rows, summaries);
    }

    /** The reference model set i names for this scale (null for none), checked to upscale by that scale. */
    static PairEvaluation.ReferenceModel reference(FuseEvalSettings s, int i, int scale, Configuration hadoop) {
        String uri = s.sets().get(i).referenceFor(scale);
        if (uri == null) return null;
        String key = FuseEvalSettings.PATH + ".sets[" + i + "].reference";
        ComputationGraph g = ModelLoader.deployGraph(key, uri, hadoop);
        int found = RrlfnModels.architecture(g).scale();
        if (found != scale) {
            g.close();
            throw new UserError(key + " '" + uri + "' upscales x" + found + ", but the set is scored for x" + scale
                    + " models: put {scale} in its name or evaluate one scale");
        }
        return new PairEvaluation.ReferenceModel(uri.substring(uri.lastIndexOf('/') + 1), g);
    }

    /** LR side of the crops used for the float comparisons and the runtime column. */
    static final int CHECK_SIDE = 256;

    /** The central side×side crop (the whole image where it is smaller). */
    static INDArray centre(INDArray lr, int side) {
        long h = Math.min(side, lr.size(2)), w = Math.min(side, lr.size(3));
        long y0 = (lr.size(2) - h) / 2, x0 = (lr.size(3) - w) / 2;
        return lr.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(y0, y0 + h),
                NDArrayIndex.interval(x0, x0 + w)).dup();
    }

    private static INDArray ort(OnnxUpscaler ort, INDArray lr) {
        OnnxUpscaler.Nchw out = ort.upscale(new OnnxUpscaler.Nchw(lr.dup().data().asFloat(), lr.shape()));
        return org.nd4j.linalg.factory.Nd4j.create(out.data(), out.shape());
    }

    /** The top-left quarter (at least 15 px a side): a second input size for the ONNX check. */
    private static INDArray corner(INDArray lr) {
        long h = Math.max(15, lr.size(2) / 2), w = Math.max(15, lr.size(3) / 2);
        return lr.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, h), NDArrayIndex.interval(0, w)).dup();
    }

    private static double maxDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }

    private static String shape(INDArray a) {
        return a.size(3) + "x" + a.size(2);
    }
}
