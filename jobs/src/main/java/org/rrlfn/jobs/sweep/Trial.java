package org.rrlfn.jobs.sweep;

import com.typesafe.config.ConfigValue;
import java.util.Map;

/** One point of the sweep and, once trained and validated, its score. */
public record Trial(int index, Map<String, ConfigValue> point, double psnr, double bicubicPsnr, double seconds) {
    public String id() { return String.format("trial-%03d", index); }
}
