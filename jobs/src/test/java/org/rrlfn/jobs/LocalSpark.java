package org.rrlfn.jobs;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** A real in-process Spark (local[2]) on loopback for tests. */
public final class LocalSpark {
    private LocalSpark() { }

    public static JavaSparkContext start(String name) {
        return start(name, "local[2]");
    }

    /** e.g. {@code local[1,4]}: one core, a failed task tried up to 4 times. */
    public static JavaSparkContext start(String name, String master) {
        return new JavaSparkContext(new SparkConf().setMaster(master).setAppName(name)
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
    }
}
