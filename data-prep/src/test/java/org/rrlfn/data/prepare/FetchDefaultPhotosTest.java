package org.rrlfn.data.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/data.md's {@code data-prep/fetch-default-photos.sh DIR}, run as written (from the repository root): over 20
 * photos from the two Debian packages, each with its package, version and a licence in {@code _sources.tsv}, and a
 * second run leaves a complete cache alone. Needs apt (a Debian machine, as the pipeline does).
 */
class FetchDefaultPhotosTest {
    @TempDir File dir;

    private static String run(File cache) throws Exception {
        Process p = new ProcessBuilder("bash", "data-prep/fetch-default-photos.sh", cache.getPath())
                .directory(Path.of(System.getProperty("user.dir")).getParent().toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "fetch did not end");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void fetchesTwoDozenPhotosWithTheirLicences() throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/apt-get").canExecute(), "no apt-get: not a Debian machine");
        File cache = new File(dir, "photos");
        assertTrue(run(cache).contains("fetched 24 photos"));
        Set<String> jpgs = new TreeSet<>();
        for (String n : cache.list()) if (n.endsWith(".jpg")) jpgs.add(n.substring(0, n.length() - 4));
        assertEquals(24, jpgs.size());
        assertEquals(12, jpgs.stream().filter(n -> n.startsWith("mate-backgrounds-")).count());
        assertEquals(12, jpgs.stream().filter(n -> n.startsWith("plasma-workspace-wallpapers-")).count());

        // What prepare copies into the manifest: one row per photo, keyed by prepare's image name.
        List<java.util.Map<String, String>> rows = SourceList.read(cache.toURI().toString(), new Configuration());
        Set<String> listed = new TreeSet<>();
        for (var row : rows) {
            listed.add(row.get("image"));
            assertTrue(row.get("image").startsWith(row.get("package") + "-"), row.toString());
            assertFalse(row.get("version").isBlank(), row.toString());
            assertEquals("GPL-2+", row.get("licence"), row.toString());   // both packages' copyright files say so
            assertFalse(row.get("copyright").isBlank(), row.toString());
        }
        assertEquals(jpgs, listed);
        assertTrue(Arrays.stream(cache.list()).anyMatch(".complete"::equals));

        String again = run(cache);
        assertTrue(again.contains("photos already in"), again);
        assertTrue(Files.isRegularFile(cache.toPath().resolve("_sources.tsv")));
    }
}
