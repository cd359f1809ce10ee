/**
 * Figures and reports: pictures of slices, segmentations, network internals and training curves for people
 * to look at, and the HTML report of a run. Reads run folders, cohorts and predictions through the readers of
 * the other packages and runs the network forward only to draw its internal maps; must not train, write
 * predictions or parse file formats itself.
 */
package org.mfunet.report;
