/**
 * The MFU-Net network as DJL blocks ({@link org.mfunet.model.MfuNet}), its folded, gradient-free form for
 * prediction ({@link org.mfunet.model.InferenceNetwork}), which of its sequence inputs each sample has
 * ({@link org.mfunet.model.SequencePresence}), the reconstruction network that pretrains its encoders
 * ({@link org.mfunet.model.ReconstructionNet}), its configuration and presets, the versioned parameter file format
 * (whole networks and pretrained encoders), the parameter/FLOP summary and the engine start-up settings.
 * Knows nothing of NIfTI, MyoPS cases, losses or training loops.
 */
package org.mfunet.model;
