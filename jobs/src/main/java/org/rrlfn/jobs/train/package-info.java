/**
 * Training, read top-down as a newcomer walks it: {@link org.rrlfn.jobs.train.TrainCommand} ({@code bin/rrlfn
 * train}) loads the settings; {@link org.rrlfn.jobs.train.TrainJob} is the loop over a run's stages (start, rounds,
 * checkpoints, final model, validation); {@link org.rrlfn.jobs.train.StageTrainer} runs one stage's rounds through
 * the configured averaging path. Below it, one concern per package:
 * <ul>
 * <li>{@code config}: the typed settings and the stages ({@code TrainSettings}, {@code Stage}), each stage field
 *     declared once;
 * <li>{@code model}: a stage's network and optimizer: initialisation and warm starts ({@code ModelInit}), the
 *     learning-rate schedule, the EMA, validation and the model a stage keeps ({@code ModelKeeper});
 * <li>{@code run}: the run folder and what it records: layout, store, state, identity, curves;
 * <li>{@code averaging}: parameter averaging across workers: the barrier path's ranks and their all-reduce
 *     ({@code BarrierAveraging}, {@code BarrierWorker}, {@code WorkerGroup}), its wire ({@code StateFrames},
 *     {@code Handshake}), and DL4J's own master ({@code Dl4jAveraging}), behind {@code AveragingRounds}.
 * </ul>
 */
package org.rrlfn.jobs.train;
