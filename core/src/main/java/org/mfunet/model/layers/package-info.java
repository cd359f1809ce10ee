/**
 * Layers: the smallest trainable pieces of the network (convolution + batch normalisation and its folded
 * inference form, resampling, seeded initialisation, scoped inference forward passes). They know nothing of MRI sequences, encoders or files.
 */
package org.mfunet.model.layers;
