/**
 * Layers: the smallest trainable pieces of the network (convolution + batch normalisation, resampling,
 * seeded initialisation). They know nothing of MRI sequences, encoders or files.
 */
package org.mfunet.model.layers;
