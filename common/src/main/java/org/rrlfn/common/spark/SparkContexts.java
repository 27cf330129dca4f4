package org.rrlfn.common.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.rrlfn.common.UserError;
import org.rrlfn.common.config.Settings;

/**
 * Creates the Spark context every job uses, from {@code rrlfn.spark}; spark-submit's own settings win. On a cluster
 * master it returns once an executor has registered, or throws {@link ExecutorWait.NoExecutors}.
 */
public final class SparkContexts {
    private static final String[] OPENS = {"java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net",
            "java.nio", "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "sun.nio.ch", "sun.nio.cs",
            "sun.security.action", "sun.util.calendar", "jdk.internal.ref"};

    /** DL4J's training statistics default to an NTP clock, i.e. network traffic to a public server: use the local clock. */
    private static final String TIME_SOURCE = "-Dorg.deeplearning4j.spark.time.TimeSource="
            + "org.deeplearning4j.spark.time.SystemClockTimeSource";

    private SparkContexts() { }

    public static JavaSparkContext create(Config root) {
        return create(root, null);
    }

    /** As {@link #create(Config)}, with a master that overrides the configured one (benchmarks compare masters). */
    public static JavaSparkContext create(Config root, String master) {
        if (System.getProperty("org.deeplearning4j.spark.time.TimeSource") == null)
            System.setProperty("org.deeplearning4j.spark.time.TimeSource", "org.deeplearning4j.spark.time.SystemClockTimeSource");
        Config s = root.getConfig(Settings.ROOT + ".spark");
        SparkConf conf = conf(root, master);
        NativeThreads.apply(conf, s.getInt("native-threads"));
        JavaSparkContext sc = new JavaSparkContext(conf);
        // A cluster that cannot host one executor would otherwise leave the job waiting forever, silently.
        ExecutorWait.await(sc, s.getInt("executor-wait-seconds"));
        return sc;
    }

    /**
     * The Spark configuration {@link #create} starts Spark with, without starting it: spark-submit's properties,
     * the master (or the given one), {@code rrlfn.spark.conf}, the executors' Java options.
     */
    public static SparkConf conf(Config root, String master) {
        Config s = root.getConfig(Settings.ROOT + ".spark");
        SparkConf conf = new SparkConf();   // picks up spark.* system properties set by spark-submit
        if (master != null) conf.setMaster(master);
        conf.setIfMissing("spark.master", s.getString("master"));
        conf.setIfMissing("spark.app.name", s.getString("app-name"));
        if (conf.get("spark.master").startsWith("local")) {
            // Tests and the embedded run stay on loopback, with no UI port to collide on.
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        // Executors in their own JVMs need the same Java 17 opens and the same ND4J native flavour as the driver.
        conf.setIfMissing("spark.executor.extraJavaOptions", executorJavaOptions());
        for (Map.Entry<String, ConfigValue> e : s.getConfig("conf").entrySet()) {
            String key = e.getKey().replace("\"", "");
            if (!key.startsWith("spark."))
                throw new UserError("rrlfn.spark.conf." + key + ": only spark.* properties belong here");
            conf.set(key, String.valueOf(e.getValue().unwrapped()));
        }
        return conf;
    }

    public static String executorJavaOptions() {
        StringBuilder b = new StringBuilder();
        for (String p : OPENS) b.append("--add-opens=java.base/").append(p).append("=ALL-UNNAMED ");
        b.append(TIME_SOURCE).append(' ');
        String ext = System.getProperty("org.bytedeco.javacpp.platform.extension");
        if (ext != null) b.append("-Dorg.bytedeco.javacpp.platform.extension=").append(ext);
        return b.toString().trim();
    }
}
