/**
 * DICOM Part 10 files and nothing else, narrowly: reading single-frame images in implicit or explicit VR little endian
 * (deflated too) with their sequences ({@link org.mfunet.dicom.DicomReader}), finding the images of a folder
 * ({@link org.mfunet.dicom.DicomFolder}), turning a series into a volume with the geometry dcm2niix gives it
 * ({@link org.mfunet.dicom.SeriesVolume}), and writing binary Segmentation objects
 * ({@link org.mfunet.dicom.SegmentationWriter}). Errors are {@link org.mfunet.dicom.DicomException} with the message
 * {@code "<file>: <problem>"}.
 *
 * <p>This package knows nothing of MyoPS, sequences, labels, networks or NIfTI: segments arrive as numbers with
 * their codes and colours.
 */
package org.mfunet.dicom;
