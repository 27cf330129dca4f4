package org.rrlfn.jobs.train;

import java.io.Serializable;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.rrlfn.common.spark.HadoopConf;

/**
 * What a worker slot needs to build its network and loader, shipped once per stage (a broadcast).
 *
 * @param session  the stage's averaging session: the key under which executors keep its networks
 * @param prefetch minibatches a worker draws ahead of the one it fits
 */
record WorkerSetup(String session, ComputationGraphConfiguration configuration, DataSetLoader loader, int prefetch,
                   HadoopConf hadoop) implements Serializable { }
