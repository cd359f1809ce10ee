/**
 * The main job, end to end on the built-in synthetic cohort: generate cases, train, predict held-out
 * cases, evaluate and report. Composes the public entry points of the other stages and adds no
 * segmentation logic of its own.
 */
package org.mfunet.demo;
