package org.rrlfn.data.prepare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code <output>/manifest.json}: counts, sizes, seed, the settings and every rejected input. Written last, under a
 * temporary name and renamed, so its presence means the shard set beside it is complete.
 */
final class Manifest {
    static final String NAME = "manifest.json";
    static final String FORMAT = "rrlfn-prepare/1";

    private Manifest() { }

    static Map<String, Object> of(PrepareSettings s, PrepareResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("created", Instant.now().toString());
        m.put("scales", s.scales());
        m.put("hr-patch", s.hrPatch());
        Map<String, Integer> lrPatch = new LinkedHashMap<>();
        Map<String, Long> patches = new LinkedHashMap<>();
        Map<String, Long> shards = new LinkedHashMap<>();
        for (int scale : s.scales()) {
            lrPatch.put("x" + scale, s.hrPatch() / scale);
            patches.put("x" + scale, r.patches().getOrDefault(scale, 0L));
            shards.put("x" + scale, r.shards().getOrDefault(scale, 0L));
        }
        m.put("lr-patch", lrPatch);
        m.put("patches", patches);
        m.put("shards", shards);
        m.put("shard-size", s.shardSize());
        m.put("seed", s.seed());
        Map<String, Integer> images = new LinkedHashMap<>();
        images.put("found", r.imagesFound());
        images.put("usable", r.imagesUsable());
        images.put("training", r.trainingImages());
        images.put("validation", r.validationImages().size());
        images.put("rejected", r.rejected().size());
        m.put("images", images);
        m.put("validation", r.validationImages());
        m.put("flat-patches-skipped", r.flatSkipped());
        m.put("seconds", Math.round(r.seconds() * 10) / 10.0);
        m.put("config", s.asConfigMap());
        List<Map<String, String>> rejected = r.rejected().stream()
                .map(x -> Map.of("file", x.file(), "reason", x.reason())).toList();
        m.put("rejected", rejected);
        return m;
    }

    static void write(FileSystem fs, Path outputRoot, Map<String, Object> manifest) throws IOException {
        Path tmp = new Path(outputRoot, "." + NAME + ".tmp");
        Path target = new Path(outputRoot, NAME);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try (OutputStream out = fs.create(tmp, true)) {
            json.writeValue(out, manifest);
        }
        if (!fs.rename(tmp, target)) throw new IOException("cannot rename " + tmp + " to " + target);
    }
}
