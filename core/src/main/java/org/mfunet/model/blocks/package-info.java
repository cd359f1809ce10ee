/**
 * Blocks of MFU-Net: the backbone conv blocks (residual, dilation, side-convolution), the per-sequence
 * encoder, max fusion, decoder levels, upsampling and spatial attention. Each is a DJL block working on
 * {@code [batch, channel, y, x]} float32 maps. Blocks know nothing of files, data sets or training.
 */
package org.mfunet.model.blocks;
