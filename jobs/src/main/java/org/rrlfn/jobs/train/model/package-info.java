/**
 * A stage's network and optimizer, as BasicSR's {@code SRModel} holds them: {@link org.rrlfn.jobs.train.model.ModelInit}
 * builds the network for a stage (scratch, warm start from a previous stage or a model file, the upsampling starts)
 * with Adam and the halving schedule; {@link org.rrlfn.jobs.train.model.ModelKeeper} validates and keeps the model a
 * stage ends with (last or best, plain or EMA).
 */
package org.rrlfn.jobs.train.model;
