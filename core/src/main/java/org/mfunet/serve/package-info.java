/**
 * The segmentation service of {@code mfunet serve}: an HTTP API on the JDK's own server
 * ({@code com.sun.net.httpserver}), a bounded queue in front of one inference at a time, the cases' files and records
 * under one data folder (so a restart keeps every finished result), and the web viewer served from the jar.
 *
 * <p>Segments through the code of {@code predict} ({@code infer.CohortPrediction}), checks uploads with the readers of
 * {@code data} and {@code nifti}, measures with {@code eval} and draws slices with {@code report}'s panels. Must not
 * train, and must not know the network: models are loaded only through {@code infer.Predictor}.
 */
package org.mfunet.serve;
