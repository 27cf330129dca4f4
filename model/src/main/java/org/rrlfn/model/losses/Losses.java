package org.rrlfn.model.losses;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The registry of pixel losses a stage can name ({@code loss = l1}, {@code loss = { type = l1 }}). Each may be
 * followed by {@value #CONTRASTIVE}, which adds the contrastive term (paper eq. 9) to it. A new loss is its class
 * (the loss in the SameDiff graph and on torch, one method each) and one line here (and its name in reference.conf's
 * comment).
 */
public final class Losses {
    /** The suffix that adds weight · contrastive loss to a pixel loss. */
    public static final String CONTRASTIVE = "+contrastive";

    /** Each example's loss of SR against HR, an [N] vector (the sum over the batch is the training objective). */
    @FunctionalInterface
    public interface OnGraph {
        SDVariable perExample(SameDiff sd, SDVariable sr, SDVariable hr);
    }

    /** The same loss on torch tensors (the torch engine). */
    @FunctionalInterface
    public interface OnTorch {
        Tensor perExample(Tensor sr, Tensor hr);
    }

    /** One registered pixel loss, as each engine computes it. */
    public record PixelLoss(OnGraph graph, OnTorch torch) { }

    private static final Map<String, PixelLoss> PIXEL = new LinkedHashMap<>();

    static {
        PIXEL.put("l1", new PixelLoss(L1Loss::perExample, L1Loss::perExample));
        PIXEL.put("charbonnier", new PixelLoss(CharbonnierLoss::perExample, CharbonnierLoss::perExample));
        PIXEL.put("mse", new PixelLoss(MseLoss::perExample, MseLoss::perExample));
    }

    private Losses() { }

    /** The registered pixel loss of that name. */
    public static PixelLoss pixel(String name) {
        PixelLoss l = PIXEL.get(name);
        if (l == null) throw new IllegalArgumentException("unknown loss '" + name + "'; one of " + types());
        return l;
    }

    /**
     * A loss type in its canonical spelling, checked against the registry. The enum names that model files written
     * before the registry carry ({@code L1}, {@code L1_CONTRASTIVE}) read as {@code l1} and {@code l1+contrastive}.
     */
    public static String canonical(String type) {
        String t = type.trim().toLowerCase(Locale.ROOT).replace("_contrastive", CONTRASTIVE);
        pixel(t.endsWith(CONTRASTIVE) ? t.substring(0, t.length() - CONTRASTIVE.length()) : t);
        return t;
    }

    /** Every type a stage may name: each pixel loss, alone and with the contrastive term. */
    public static List<String> types() {
        List<String> out = new ArrayList<>();
        for (String name : PIXEL.keySet()) {
            out.add(name);
            out.add(name + CONTRASTIVE);
        }
        return out;
    }
}
