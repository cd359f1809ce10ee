/**
 * Evaluation of segmentations against ground truth: Dice, HD95 and voxel counts per MyoPS structure
 * ({@link org.mfunet.eval.SegmentationMetrics}), per-case and cohort summaries, and their Markdown, JSON
 * and CSV forms. Metrics are pure functions on label arrays; volumes are read only by
 * {@link org.mfunet.eval.CohortEvaluator} (through {@code data.SegmentationFiles}). Segmentations and truth in,
 * numbers out: knows nothing of networks, training or inference.
 */
package org.mfunet.eval;
