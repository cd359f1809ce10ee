/**
 * Optional unsupervised pretraining of MFU-Net's sequence encoders (paper Sec. 3.3: initialisation from an
 * encoder trained only to reconstruct the images): the L1 reconstruction loss, the pretraining settings and
 * {@link org.mfunet.pretrain.EncoderPretraining}, which ties a run folder to a cohort and writes the encoders
 * that {@code train --init-encoders} starts from. Reuses the preprocessing, patch sampling and augmentation of
 * {@code data}, the networks of {@code model} and the optimiser and seeding of {@code train}.
 *
 * <p>Needs no labels; must not know the NIfTI format, the segmentation loss, inference, evaluation or reports.
 */
package org.mfunet.pretrain;
