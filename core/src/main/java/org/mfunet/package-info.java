/**
 * MFU-Net, the Max-Fusion U-Net for multi-sequence cardiac MR pathology segmentation.
 *
 * <p>One package per pipeline stage: {@code nifti} (file format), {@code data} (MyoPS cases, the label
 * vocabulary, preprocessing, synthetic cohort, patch sampling), {@code model} (layers, blocks, network),
 * {@code train}, {@code pretrain}, {@code infer}, {@code eval}, {@code report}, {@code experiment} (what combines
 * training, inference and evaluation), {@code bench}, {@code serve} (the HTTP service and its viewer), and {@code cli}
 * (thin picocli commands). Which may use which
 * is written in docs/architecture.md and enforced by a test.
 *
 * <p>This root package sits below all of them and uses none: {@link org.mfunet.RunFolder} (the layout of a run
 * folder), {@link org.mfunet.AtomicFiles}, {@link org.mfunet.JsonFiles}, {@link org.mfunet.Checksums} and
 * {@link org.mfunet.MfunetException}, which carries user-facing errors.
 */
package org.mfunet;
