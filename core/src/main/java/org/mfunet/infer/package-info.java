/**
 * Inference: from network outputs to MyoPS label volumes. The predictor (ensembles, flips) gives per-voxel
 * probabilities in a case's grid; the pure postprocessing of predicted class maps (largest connected components,
 * pathology restricted to the myocardium) and the composition of label values follow. Arrays in, arrays out:
 * knows nothing of evaluation, and writes files only through {@code data.SegmentationFiles}.
 */
package org.mfunet.infer;
