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
import org.rrlfn.common.files.DiskFull;
import org.rrlfn.data.PreparedLayout;

/**
 * {@link PreparedLayout#manifest()}: counts, sizes, the settings and every rejected input. Written last, under a
 * temporary name and renamed, so its presence means the shard set beside it is complete.
 */
final class Manifest {
    /** 2: sub-images with an index per scale (1 held fixed augmented patches as DataSet files). */
    static final String FORMAT = "rrlfn-prepare/2";

    private Manifest() { }

    /** @param sources the input folder's {@link SourceList} rows (provenance and licence of each photo), maybe none */
    static Map<String, Object> of(PrepareSettings s, PrepareResult r, List<Map<String, String>> sources) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("created", Instant.now().toString());
        m.put("scales", s.scales());
        m.put("sub-image-size", s.subImageSize());
        m.put("sub-image-step", s.subImageStep());
        Map<String, Long> subImages = new LinkedHashMap<>();
        for (int scale : s.scales()) subImages.put(PreparedLayout.scaleFolder(scale), r.subImages().getOrDefault(scale, 0L));
        m.put("sub-images", subImages);
        Map<String, Integer> images = new LinkedHashMap<>();
        images.put("found", r.imagesFound());
        images.put("usable", r.imagesUsable());
        images.put("training", r.trainingImages());
        images.put("validation", r.validationImages().size());
        images.put("test", r.testImages().size());
        images.put("rejected", r.rejected().size());
        m.put("images", images);
        m.put("validation", r.validationImages());
        m.put("test", r.testImages());
        m.put("flat-sub-images-skipped", r.flatSkipped());
        m.put("seconds", Math.round(r.seconds() * 10) / 10.0);
        m.put("config", s.asConfigMap());
        m.put("sources", sources);
        List<Map<String, String>> rejected = r.rejected().stream()
                .map(x -> Map.of("file", x.file(), "reason", x.reason())).toList();
        m.put("rejected", rejected);
        return m;
    }

    /** The scales a written manifest lists (none if it cannot be read: then it vouches for nothing). */
    static List<Integer> scales(FileSystem fs, PreparedLayout layout) {
        try (java.io.InputStream in = fs.open(layout.manifest())) {
            List<Integer> scales = new java.util.ArrayList<>();
            new ObjectMapper().readTree(in).path("scales").forEach(n -> scales.add(n.asInt()));
            return scales;
        } catch (IOException e) {
            return List.of();
        }
    }

    static void write(FileSystem fs, PreparedLayout layout, Map<String, Object> manifest) throws IOException {
        Path target = layout.manifest();
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        DiskFull.naming(target, () -> {
            try (OutputStream out = fs.create(tmp, true)) {
                json.writeValue(out, manifest);
            }
        });
        if (!fs.rename(tmp, target)) throw new IOException("cannot rename " + tmp + " to " + target);
    }
}
