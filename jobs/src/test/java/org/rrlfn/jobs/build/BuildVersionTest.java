package org.rrlfn.jobs.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BuildVersionTest {
    @Test
    void isTheRootPomsVersion() throws Exception {
        String pom = Files.readString(Path.of("..", "pom.xml"));
        // The project's own <version>, the first after its artifactId (the parent-less root pom).
        Matcher m = Pattern.compile("<artifactId>rrlfn[^<]*</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        org.junit.jupiter.api.Assertions.assertTrue(m.find(), "the root pom names its version");
        assertEquals(m.group(1), BuildVersion.get());
    }
}
