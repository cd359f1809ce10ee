/**
 * MyoPS cases and cohorts (file naming, loading with validation), the label vocabulary
 * ({@link org.mfunet.data.MyopsLabels}, {@link org.mfunet.data.Head}, {@link org.mfunet.data.Structure}), the files of
 * predicted segmentations ({@link org.mfunet.data.SegmentationFiles}), the preprocessing shared by training
 * and prediction (intensity normalisation, resampling to the model's pixel spacing and back, slice preparation),
 * the training patch sampler and the synthetic cohort used as the tool's built-in data. DICOM studies become cases here
 * ({@link org.mfunet.data.DicomStudies}, {@link org.mfunet.data.SeriesRules}: which series is which sequence, put on the
 * LGE's grid) and the label vocabulary becomes SEG segments ({@link org.mfunet.data.DicomSegments}).
 *
 * <p>Owns the meaning of MyoPS file names and label values. Must not know about networks, training or
 * the NIfTI or DICOM byte layout (it reads and writes volumes only through {@code org.mfunet.nifti} and
 * {@code org.mfunet.dicom}).
 */
package org.mfunet.data;
