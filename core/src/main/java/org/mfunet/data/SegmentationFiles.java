package org.mfunet.data;

import java.nio.file.Path;
import java.util.Optional;
import org.mfunet.MfunetException;
import org.mfunet.nifti.NiftiDatatype;
import org.mfunet.nifti.NiftiHeader;
import org.mfunet.nifti.NiftiImage;
import org.mfunet.nifti.NiftiReader;
import org.mfunet.nifti.NiftiWriter;

/**
 * The files of predicted segmentations: their names ({@code <prefix>_<id>_seg.nii.gz}, probabilities
 * {@code <prefix>_<id>_prob.nii.gz}), writing them on a case's grid and reading label volumes back with their
 * values checked against {@link MyopsLabels}.
 */
public final class SegmentationFiles {
    /** Suffix of predicted label files after {@code <prefix>_<id>}. */
    public static final String SEGMENTATION_SUFFIX = "_seg.nii.gz";
    /** Suffix of the optional probability files after {@code <prefix>_<id>}. */
    public static final String PROBABILITIES_SUFFIX = "_prob.nii.gz";

    private SegmentationFiles() {
    }

    /** The segmentation file of a case in {@code folder}. */
    public static Path segmentation(Path folder, String caseName) {
        return folder.resolve(caseName + SEGMENTATION_SUFFIX);
    }

    /** The probability file of a case in {@code folder}. */
    public static Path probabilities(Path folder, String caseName) {
        return folder.resolve(caseName + PROBABILITIES_SUFFIX);
    }

    /**
     * The case name of a segmentation file name, {@code <case>_seg.nii} or {@code <case>_seg.nii.gz}; empty for
     * any other name.
     */
    public static Optional<String> caseOf(String fileName) {
        for (String suffix : new String[] {SEGMENTATION_SUFFIX, "_seg.nii"}) {
            if (fileName.endsWith(suffix) && fileName.length() > suffix.length()) {
                return Optional.of(fileName.substring(0, fileName.length() - suffix.length()));
            }
        }
        return Optional.empty();
    }

    /**
     * Writes MyoPS label values as int16 on a case's grid, atomically.
     *
     * @param labels {@code [nz][ny][nx]} flattened, x fastest: 0 or a value of {@link MyopsLabels}
     * @param grid   the header whose dimensions, spacing and affine the file takes
     */
    public static void writeLabels(Path file, NiftiHeader grid, int[] labels) {
        float[] values = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            values[i] = labels[i];
        }
        NiftiWriter.write(file, grid, NiftiDatatype.INT16, grid.nx(), grid.ny(), grid.nz(), values);
    }

    /**
     * Writes probability maps as a 4D float32 volume on a case's grid, atomically.
     *
     * @param maps  {@code [channel][nz][ny][nx]} flattened, x fastest
     * @param names the channels, in order, recorded in the header's description
     */
    public static void writeProbabilities(Path file, NiftiHeader grid, float[] maps, String... names) {
        NiftiHeader header = grid.withDatatype(NiftiDatatype.FLOAT32).withScaling(1, 0)
                .withDims(grid.nx(), grid.ny(), grid.nz(), names.length)
                .withDescription("mfunet P(" + String.join(",", names) + ")");
        NiftiWriter.write(file, header, maps);
    }

    /**
     * Reads a label volume, prediction or ground truth.
     *
     * @return the image; its voxels are 0 or MyoPS label values
     * @throws MfunetException naming the file when it cannot be read or holds other values
     */
    public static NiftiImage readLabels(Path file) {
        NiftiImage image = NiftiReader.read(file);
        MyopsLabels.invalidValues(image.data()).ifPresent(problem -> {
            throw new MfunetException(file + ": " + problem);
        });
        return image;
    }

    /**
     * Reads a label volume that must lie on a case's grid.
     *
     * @return its label values, {@code [nz][ny][nx]} flattened, x fastest
     * @throws MfunetException naming the file when it cannot be read, holds other values or has other dimensions
     */
    public static int[] readValues(Path file, int nx, int ny, int nz) {
        NiftiImage image = readLabels(file);
        if (image.nx() != nx || image.ny() != ny || image.nz() != nz) {
            throw new MfunetException(file + ": grid " + image.nx() + " x " + image.ny() + " x " + image.nz()
                    + " differs from the case's " + nx + " x " + ny + " x " + nz);
        }
        return values(image);
    }

    /** The voxels of a label volume read by {@link #readLabels} as integer label values, same layout. */
    public static int[] values(NiftiImage labels) {
        float[] data = labels.data();
        int[] values = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            values[i] = (int) data[i];
        }
        return values;
    }
}
