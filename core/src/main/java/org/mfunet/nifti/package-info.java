/**
 * The NIfTI-1 file format and nothing else: header ({@link org.mfunet.nifti.NiftiHeader}), reader,
 * writer, in-memory volume and a summary for {@code mfunet info}. Single-file {@code .nii} and
 * {@code .nii.gz}, both byte orders, integer and float voxel types. Voxels are floats in file order,
 * x fastest: {@code index = x + nx * (y + ny * z)}. Errors are {@link org.mfunet.nifti.NiftiException}
 * with the message {@code "<file>: <problem>"}.
 *
 * <p>This package knows nothing of MyoPS, sequences, labels or networks.
 */
package org.mfunet.nifti;
