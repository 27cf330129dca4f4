package org.rrlfn.jobs;

import java.util.ArrayList;
import java.util.List;
import org.rrlfn.common.spark.SparkContexts;

/** A command of {@code Main} in its own driver JVM, as bin/rrlfn starts one, on this test's class path. */
public final class DriverJvm {
    private DriverJvm() { }

    public static List<String> command(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx3g"));
        cmd.addAll(List.of(SparkContexts.executorJavaOptions().split(" ")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.rrlfn.jobs.Main"));
        cmd.addAll(args);
        return cmd;
    }
}
