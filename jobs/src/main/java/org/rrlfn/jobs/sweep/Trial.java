package org.rrlfn.jobs.sweep;

import com.typesafe.config.ConfigValue;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One point of the sweep and, once trained and validated, its score. Under ASHA, {@code rungPsnr} holds its validation
 * PSNR at each rung it reached (rung 0 first; {@code psnr} is the last of them) and {@code stopped} says the scheduler
 * stopped it there; without a scheduler it is empty.
 */
public record Trial(int index, Map<String, ConfigValue> point, double psnr, double bicubicPsnr, double seconds,
                    List<Double> rungPsnr, boolean stopped) {
    /**
     * Best first: trials that trained further rank above those stopped earlier (a PSNR after fewer steps is no fair
     * comparison), then by PSNR.
     */
    public static final Comparator<Trial> RANKING = Comparator.comparingInt((Trial t) -> -t.rungPsnr().size())
            .thenComparingDouble(t -> -t.psnr()).thenComparingInt(Trial::index);

    /** A trial trained to the end of its stages, without a scheduler. */
    public Trial(int index, Map<String, ConfigValue> point, double psnr, double bicubicPsnr, double seconds) {
        this(index, point, psnr, bicubicPsnr, seconds, List.of(), false);
    }

    public String id() { return String.format("trial-%03d", index); }

    /** The rung it reached, 0 for the first. */
    public int rung() { return rungPsnr.size() - 1; }
}
