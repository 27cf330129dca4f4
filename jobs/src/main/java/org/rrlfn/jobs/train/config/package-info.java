/**
 * What {@code rrlfn.train} says, typed and checked before Spark starts: {@link org.rrlfn.jobs.train.config.TrainSettings}
 * (every key, with the profile applied), {@link org.rrlfn.jobs.train.config.Stage} (one stage's fields, declared once)
 * and the choices they name (how a stage starts, which model it keeps, how a round averages).
 */
package org.rrlfn.jobs.train.config;
