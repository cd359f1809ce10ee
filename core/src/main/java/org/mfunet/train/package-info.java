/**
 * Training MFU-Net the paper's way: the three-head Tversky + focal loss, Adam with savable state and the
 * exponential learning-rate decay, k-fold and alternating schedules, versioned checkpoints with exact resume,
 * and the small {@link org.mfunet.train.Trainer} whose progress display, metric file, curves, checkpoints and
 * early stopping are listeners. {@link org.mfunet.train.TrainingRun} ties a run folder to the cohort and
 * the network.
 *
 * <p>Knows the network only as a DJL block with MFU-Net's inputs and outputs (plus the concrete
 * {@code MfuNet} in {@code TrainingRun}); must not know the NIfTI format, inference, evaluation or reports.
 */
package org.mfunet.train;
