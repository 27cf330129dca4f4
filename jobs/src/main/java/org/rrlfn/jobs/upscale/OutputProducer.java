package org.rrlfn.jobs.upscale;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What made an upscaled image: the model file's digest and the tiling. Each output PNG carries it (a tEXt chunk
 * {@value #KEYWORD}), so a re-run tells an output of this model and tiling, which it may skip, from a stale one.
 */
record OutputProducer(String model, int tile, int overlap) implements Serializable {
    static final String KEYWORD = "rrlfn-upscale";
    private static final Pattern TEXT = Pattern.compile("model=(\\S+) tile=(\\d+) overlap=(\\d+)");

    static OutputProducer of(ShippedModel model, UpscaleSettings s) {
        return new OutputProducer(model.digest(), s.tile(), s.overlap());
    }

    String text() { return "model=" + model + " tile=" + tile + " overlap=" + overlap; }

    /** The producer a PNG's text names, or null when it names none (an output of an rrlfn before this record). */
    static OutputProducer parse(String text) {
        Matcher m = text == null ? null : TEXT.matcher(text);
        if (m == null || !m.matches()) return null;
        return new OutputProducer(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    /** How {@code recorded} (maybe null) differs from this one, as "what recorded (now this)". */
    List<String> differencesFrom(OutputProducer recorded) {
        List<String> d = new ArrayList<>();
        if (recorded == null) return List.of("no record of its model and tiling");
        if (!recorded.model.equals(model)) d.add("model " + shortDigest(recorded.model) + " (now " + shortDigest(model) + ")");
        if (recorded.tile != tile) d.add("tile " + recorded.tile + " (now " + tile + ")");
        if (recorded.overlap != overlap) d.add("overlap " + recorded.overlap + " (now " + overlap + ")");
        return d;
    }

    private static String shortDigest(String digest) {
        return digest.length() > 19 ? digest.substring(0, 19) + "…" : digest;
    }
}
