/**
 * Performance measurement: the engine's practical matrix-multiply rate, training-step and inference
 * times of a model preset, achieved GFLOP/s from the model's own FLOP count, and resident memory.
 * Knows the model and the training step; knows nothing of files or the command line.
 */
package org.mfunet.bench;
