/**
 * The run folder: {@link org.rrlfn.jobs.train.run.RunLayout} names its files, {@link org.rrlfn.jobs.train.run.RunStore}
 * reads and writes them on any Hadoop file system (temporary name, then rename), {@link org.rrlfn.jobs.train.run.RunState}
 * is where the run stands, {@link org.rrlfn.jobs.train.run.RunConfig} and {@code DataIdentity} are what it was started
 * with, and {@code TrainingCurves} draws its metrics.
 */
package org.rrlfn.jobs.train.run;
