package org.rrlfn.data.cli;

import com.typesafe.config.Config;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.rrlfn.model.config.Settings;

/** A Spark context from {@code rrlfn.spark}; a master set by spark-submit (spark.master) wins. */
final class SparkContexts {
    private SparkContexts() { }

    static JavaSparkContext create(Config config, String master) {
        SparkConf conf = new SparkConf().setAppName(config.getString(Settings.ROOT + ".spark.app-name"));
        if (master != null) conf.setMaster(master);
        else if (!conf.contains("spark.master")) conf.setMaster(config.getString(Settings.ROOT + ".spark.master"));
        return new JavaSparkContext(conf);
    }
}
