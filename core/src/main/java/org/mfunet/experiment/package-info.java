/**
 * What combines training, inference and evaluation: five-fold cross-validation and the paper's ablation variants
 * and tables, the demo pipeline, and {@link org.mfunet.experiment.HeldOutEvaluation}, the "predict and evaluate
 * labelled cases" step they share. Adds no segmentation, training or metric logic of its own; it composes the
 * public entry points of {@code train}, {@code infer}, {@code eval} and {@code report}.
 */
package org.mfunet.experiment;
