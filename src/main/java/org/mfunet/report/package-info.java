/**
 * Figures and reports: pictures of slices, segmentations and training curves for people to look at.
 * Reads results handed to it; must not train, predict or parse files itself.
 */
package org.mfunet.report;
