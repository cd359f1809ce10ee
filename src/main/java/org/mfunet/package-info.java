/**
 * MFU-Net, the Max-Fusion U-Net for multi-sequence cardiac MR pathology segmentation.
 *
 * <p>One package per pipeline stage: {@code nifti} (file format), {@code data} (MyoPS cases,
 * preprocessing, synthetic cohort, patch sampling), {@code model} (layers, blocks, network),
 * {@code train}, {@code infer}, {@code eval}, {@code report}, {@code bench}, and {@code cli} (thin
 * picocli commands). {@link org.mfunet.MfunetException} carries user-facing errors.
 */
package org.mfunet;
