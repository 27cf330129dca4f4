package org.rrlfn.jobs.report;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a figure scatters over repeated runs (seeds): mean, sample standard deviation (the n − 1 estimator, NaN for one
 * value) and the range. Values that are NaN (a figure a run did not measure) are left out and not counted.
 */
public record Spread(int n, double mean, double std, double min, double max) {

    public static Spread of(double... values) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).toArray();
        if (v.length == 0) return new Spread(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        double mean = Arrays.stream(v).sum() / v.length;
        // Two passes (deviations from the mean), not Σx² − n·mean²: PSNRs of ~40 dB differing in the second decimal
        // would lose their digits to cancellation.
        double squares = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum();
        double std = v.length > 1 ? Math.sqrt(squares / (v.length - 1)) : Double.NaN;
        return new Spread(v.length, mean, std, Arrays.stream(v).min().getAsDouble(), Arrays.stream(v).max().getAsDouble());
    }

    /**
     * {@code mean ± std (min–max)} with {@code decimals} decimals, the mean and range with a sign if {@code signed};
     * the mean alone for one value, or when every value is the same; "-" for none.
     */
    public String render(int decimals, boolean signed) {
        if (n == 0) return "-";
        String f = "%" + (signed ? "+" : "") + "." + decimals + "f";
        String m = String.format(Locale.ROOT, f, mean);
        if (n == 1 || min == max) return m;
        return m + String.format(Locale.ROOT, " ± %." + decimals + "f (" + f + " – " + f + ")", std, min, max);
    }
}
