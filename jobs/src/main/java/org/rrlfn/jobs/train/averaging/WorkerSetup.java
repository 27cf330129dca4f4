package org.rrlfn.jobs.train.averaging;

import java.io.Serializable;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.rrlfn.common.spark.HadoopConf;

/**
 * What a rank needs to build its network and loader, shipped once per stage (a broadcast).
 *
 * @param prefetch minibatches a worker draws ahead of the one it fits
 */
record WorkerSetup(ComputationGraphConfiguration configuration, DataSetLoader loader, int prefetch,
                   HadoopConf hadoop) implements Serializable { }
