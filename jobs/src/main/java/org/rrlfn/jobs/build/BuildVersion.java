package org.rrlfn.jobs.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The project version Maven wrote into version.properties: what `rrlfn --version` prints and reports record. */
public final class BuildVersion {
    private static final String RESOURCE = "/org/rrlfn/jobs/version.properties";

    private BuildVersion() { }

    public static String get() {
        try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the class path");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
