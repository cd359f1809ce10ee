package org.mfunet.dicom;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * One single-frame image file as found in a folder: what groups it into a study and a series, and its geometry.
 * Its pixels stay in the file until {@link SeriesVolume#of} reads them.
 *
 * @param path           the file
 * @param header         its data set without the pixel data (patient and study attributes are copied from it)
 * @param transferSyntax the UID of its transfer syntax
 * @param orientation    ImageOrientationPatient: the row then the column direction cosines (LPS), or null when absent
 * @param position       ImagePositionPatient of the first pixel sent (LPS, mm), or null when absent
 * @param pixelSpacing   PixelSpacing: between rows, then between columns (mm), or null when absent
 */
public record DicomImage(Path path, DicomObject header, String transferSyntax, int rows, int columns,
                         double[] orientation, double[] position, double[] pixelSpacing) {
    public DicomImage {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(header, "header");
    }

    /**
     * An image file's entry, or a reason it is not one: a file whose data set has pixel data, rows and columns and one
     * frame, with ImagePositionPatient and ImageOrientationPatient (a slice of a volume).
     *
     * @throws DicomException naming the file and saying why it is not such an image
     */
    static DicomImage of(DicomFile file) {
        DicomObject d = file.dataset();
        Path path = file.path();
        if (!d.contains(Tag.PIXEL_DATA)) {
            String modality = d.string(Tag.MODALITY, "?");
            throw new DicomException(path, "not an image (modality " + modality + ", SOP class "
                    + d.string(Tag.SOP_CLASS_UID, "?") + ")");
        }
        if ("SEG".equals(d.string(Tag.MODALITY))) {
            throw new DicomException(path, "a segmentation, not an image to segment");
        }
        double frames = d.decimal(Tag.NUMBER_OF_FRAMES, 1);
        if (frames != 1) {
            throw new DicomException(path, "a multi-frame image (" + (long) frames + " frames); mfunet reads"
                    + " single-frame images only");
        }
        double[] orientation = numbers(d, path, Tag.IMAGE_ORIENTATION_PATIENT, 6);
        double[] position = numbers(d, path, Tag.IMAGE_POSITION_PATIENT, 3);
        if (orientation == null || position == null) {
            throw new DicomException(path, "an image without ImagePositionPatient/ImageOrientationPatient, not a slice"
                    + " of a volume");
        }
        return new DicomImage(path, d, file.transferSyntax(), d.uint16(Tag.ROWS), d.uint16(Tag.COLUMNS), orientation,
                position, numbers(d, path, Tag.PIXEL_SPACING, 2));
    }

    private static double[] numbers(DicomObject d, Path path, int tag, int count) {
        double[] values;
        try {
            values = d.decimals(tag);
        } catch (NumberFormatException e) {
            throw new DicomException(path, Tag.format(tag) + " is not a list of numbers: " + d.string(tag));
        }
        if (values == null) {
            return null;
        }
        if (values.length != count || !Arrays.stream(values).allMatch(Double::isFinite)) {
            throw new DicomException(path, Tag.format(tag) + " must hold " + count + " numbers, it holds \""
                    + d.string(tag) + "\"");
        }
        return values;
    }

    public String studyUid() {
        return header.string(Tag.STUDY_INSTANCE_UID, "");
    }

    public String seriesUid() {
        return header.string(Tag.SERIES_INSTANCE_UID, "");
    }

    public String sopInstanceUid() {
        return header.string(Tag.SOP_INSTANCE_UID, "");
    }

    public String sopClassUid() {
        return header.string(Tag.SOP_CLASS_UID, "");
    }

    /** The slice normal, row direction x column direction (LPS), not normalised. */
    double[] normal() {
        double[] r = Arrays.copyOfRange(orientation, 0, 3);
        double[] c = Arrays.copyOfRange(orientation, 3, 6);
        return new double[] {r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]};
    }
}
