/**
 * Inference: from network outputs to MyoPS label volumes. Holds the pure postprocessing of predicted class
 * maps (largest connected components, pathology restricted to the myocardium) and the composition of MyoPS
 * label values. Knows nothing of evaluation or of file formats.
 */
package org.mfunet.infer;
