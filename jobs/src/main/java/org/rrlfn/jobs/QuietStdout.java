package org.rrlfn.jobs;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * ND4J 1.0.0-M2.1's SameDiff prints "Added differentiated op ..." to stdout for every op whenever it builds a
 * gradient function (each averaging round rebuilds one per worker): thousands of lines that bury the
 * progress. This stream drops exactly those lines and passes everything else through.
 */
final class QuietStdout extends PrintStream {
    private static final String NOISE = "Added differentiated op";

    QuietStdout(OutputStream out) {
        super(out, true, StandardCharsets.UTF_8);
    }

    @Override
    public void println(String line) {
        if (line == null || !line.startsWith(NOISE)) super.println(line);
    }

    static void install() {
        System.setOut(new QuietStdout(new java.io.FileOutputStream(java.io.FileDescriptor.out)));
    }
}
