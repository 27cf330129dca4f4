/**
 * Parameter averaging across Spark workers, behind {@link org.rrlfn.jobs.train.averaging.AveragingRounds}. The barrier
 * path ({@link org.rrlfn.jobs.train.averaging.BarrierAveraging}): one task per rank for a whole stage
 * ({@link org.rrlfn.jobs.train.averaging.BarrierWorker}), a gloo process group among the ranks
 * ({@link org.rrlfn.jobs.train.averaging.WorkerGroup}) that all-reduces their state or gradients, the driver's
 * authenticated socket for recipes, reports and pulls ({@code Handshake}, {@code StateFrames}). The dl4j path
 * ({@link org.rrlfn.jobs.train.averaging.Dl4jAveraging}) is DL4J's own master, the reference both are tested against.
 */
package org.rrlfn.jobs.train.averaging;
