package org.mfunet.pretrain;

/**
 * One line of a pretraining run's {@code metrics.jsonl}: the mean reconstruction loss over the epoch's steps.
 *
 * @param epoch        1-based epoch
 * @param learningRate learning rate of the epoch
 * @param loss         mean L1 over the three sequences
 * @param lge          mean L1 of the LGE reconstruction
 * @param t2           mean L1 of the T2 reconstruction
 * @param bssfp        mean L1 of the bSSFP reconstruction
 * @param seconds      wall time of the epoch
 */
public record PretrainingEpoch(int epoch, double learningRate, double loss, double lge, double t2, double bssfp,
                               double seconds) {
}
