package org.rrlfn.jobs.report;

import java.util.List;

/**
 * The published figures of Guo, Zhuang, Li (2025), Tables 1–4, as ../shared/PAPER.md copies them: reference
 * points for our charts and tables. Scores are written "PSNR/SSIM" as in the paper, so each row can be checked
 * against it by eye.
 */
public final class PaperTables {
    private PaperTables() { }

    public enum Benchmark { SET5, SET14, BSD100, URBAN100 }

    /** Y-channel PSNR (dB) and SSIM. */
    public record Score(double psnr, double ssim) {
        static Score of(String psnrSlashSsim) {
            String[] p = psnrSlashSsim.split("/");
            return new Score(Double.parseDouble(p[0]), Double.parseDouble(p[1]));
        }
    }

    /** A row of Table 1 (×2) or Table 2 (×4): size, runtime as the paper measured it, and scores. */
    public record Comparison(String model, int paramsK, double runtimeMs, Score set14, Score bsd100, Score urban100) {
        public Score score(Benchmark b) {
            return switch (b) {
                case SET14 -> set14;
                case BSD100 -> bsd100;
                case URBAN100 -> urban100;
                case SET5 -> throw new IllegalArgumentException("Tables 1 and 2 report no Set5 scores");
            };
        }
    }

    /** A row of the ×4 ablations, Table 3 (warm start) and Table 4 (contrastive loss). */
    public record Ablation(String model, Score set5, Score set14, Score bsd100, Score urban100) { }

    /** The paper's own network in Tables 1 and 2. */
    public static final String RRLFN = "RRLFN";

    public static final List<Comparison> TABLE1_X2 = List.of(
            row("SRCNN", 24, 6.92, "32.42/0.9063", "31.36/0.8879", "29.50/0.8946"),
            row("FSRCNN", 12, 9.02, "32.62/0.9087", "31.50/0.8904", "29.85/0.9009"),
            row("VDSR", 666, 35.37, "33.05/0.9127", "31.90/0.8960", "30.77/0.9141"),
            row("DRCN", 1774, 716.45, "33.04/0.9118", "31.85/0.8942", "30.75/0.9133"),
            row("LapSRN", 251, 53.98, "32.99/0.9124", "31.80/0.8952", "30.41/0.9103"),
            row("CARN", 1592, 159.10, "33.52/0.9166", "32.09/0.8978", "31.92/0.9256"),
            row("IMDN", 694, 77.34, "33.63/0.9177", "32.19/0.8996", "32.17/0.9283"),
            row("RFDN", 534, 74.51, "33.68/0.9184", "32.16/0.8994", "32.12/0.9278"),
            row("MAFFSRN", 402, 152.91, "33.49/0.9170", "32.14/0.8994", "31.96/0.9268"),
            row("ECBSR", 596, 39.96, "33.34/0.9178", "32.10/0.9018", "31.71/0.9250"),
            row(RRLFN, 454, 60.39, "33.66/0.9172", "32.17/0.8995", "32.17/0.9285"));

    public static final List<Comparison> TABLE2_X4 = List.of(
            row("SRCNN", 57, 1.90, "27.49/0.7503", "26.90/0.7101", "24.52/0.7221"),
            row("FSRCNN", 13, 2.22, "27.61/0.7550", "26.98/0.7150", "24.62/0.7280"),
            row("VDSR", 666, 8.95, "28.01/0.7674", "27.29/0.7251", "25.18/0.7524"),
            row("DRCN", 1774, 176.59, "28.02/0.7670", "27.23/0.7233", "25.14/0.7510"),
            row("LapSRN", 502, 66.81, "28.09/0.7700", "27.32/0.7275", "25.21/0.7562"),
            row("CARN", 1592, 39.96, "28.60/0.7806", "27.58/0.7349", "26.07/0.7837"),
            row("IMDN", 715, 20.56, "28.58/0.7811", "27.56/0.7353", "26.04/0.7838"),
            row("RFDN", 550, 20.40, "28.61/0.7819", "27.57/0.7360", "26.11/0.7858"),
            row("MAFFSRN", 441, 39.69, "28.58/0.7812", "27.57/0.7361", "26.04/0.7848"),
            row("ECBSR", 603, 10.21, "28.34/0.7817", "27.48/0.7393", "25.81/0.7773"),
            row(RRLFN, 470, 16.41, "28.61/0.7818", "27.58/0.7358", "26.15/0.7870"));

    public static final List<Ablation> TABLE3_WARM_START_X4 = List.of(
            ablation("RRLFN_160W", "32.18/0.8951", "28.59/0.7814", "27.57/0.7353", "26.09/0.7850"),
            ablation("RRLFN_80w2t_cls", "32.19/0.8957", "28.60/0.7818", "27.55/0.7357", "26.13/0.7865"),
            ablation("RRLFN_ws_1", "32.22/0.8956", "28.61/0.7818", "27.58/0.7357", "26.14/0.7867"));

    public static final List<Ablation> TABLE4_CONTRASTIVE_X4 = List.of(
            ablation("RRLFN_ws_2 (L1 only)", "32.22/0.8960", "28.60/0.7818", "27.57/0.7359", "26.13/0.7865"),
            ablation("RRLFN_ws_2_CL", "32.23/0.8962", "28.61/0.7818", "27.59/0.7359", "26.15/0.7870"));

    /** Table 1 for ×2, Table 2 for ×4 (the paper has no ×3 comparison). */
    public static List<Comparison> comparison(int scale) {
        return switch (scale) {
            case 2 -> TABLE1_X2;
            case 4 -> TABLE2_X4;
            default -> throw new IllegalArgumentException("the paper compares models at x2 and x4 only, not x" + scale);
        };
    }

    private static Comparison row(String model, int k, double ms, String set14, String bsd100, String urban100) {
        return new Comparison(model, k, ms, Score.of(set14), Score.of(bsd100), Score.of(urban100));
    }

    private static Ablation ablation(String model, String set5, String set14, String bsd100, String urban100) {
        return new Ablation(model, Score.of(set5), Score.of(set14), Score.of(bsd100), Score.of(urban100));
    }
}
