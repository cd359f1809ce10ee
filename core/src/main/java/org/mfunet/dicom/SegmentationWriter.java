package org.mfunet.dicom;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes a binary DICOM Segmentation object (SEG IOD, PS3.3 A.51) on the grid of the series it was made from: one
 * frame per segment and slice of that series (segment-major, slices in z order), each frame the size of the source
 * images with row 0 their first row, its plane position and source image given per frame; the source series and
 * images referenced; new study-level-free UIDs (series, instance, dimension organisation). Patient, study and frame
 * of reference are the source's.
 */
public final class SegmentationWriter {
    /** Segmentation Storage. */
    public static final String SOP_CLASS = "1.2.840.10008.5.1.4.1.1.66.4";
    private static final Code SOURCE_IMAGE = new Code("121322", "DCM", "Source image for image processing operation");
    private static final Code SEGMENTATION = new Code("113076", "DCM", "Segmentation");

    /** A type 2 attribute of the patient, study and frame of reference modules: the source's value, else empty. */
    private record Attribute(int tag, String vr) {
    }

    private static final List<Attribute> COPIED_OR_EMPTY = List.of(new Attribute(Tag.PATIENT_NAME, "PN"),
            new Attribute(Tag.PATIENT_ID, "LO"), new Attribute(Tag.PATIENT_BIRTH_DATE, "DA"),
            new Attribute(Tag.PATIENT_SEX, "CS"), new Attribute(Tag.STUDY_DATE, "DA"), new Attribute(Tag.STUDY_TIME, "TM"),
            new Attribute(Tag.REFERRING_PHYSICIAN_NAME, "PN"), new Attribute(Tag.STUDY_ID, "SH"),
            new Attribute(Tag.ACCESSION_NUMBER, "SH"), new Attribute(Tag.POSITION_REFERENCE_INDICATOR, "LO"));

    private SegmentationWriter() {
    }

    /**
     * What the object says about who made it.
     *
     * @param seriesDescription SeriesDescription of the new series
     * @param seriesNumber      SeriesNumber of the new series
     * @param algorithm         SegmentAlgorithmName and ManufacturerModelName, e.g. {@code mfunet}
     * @param version           SoftwareVersions
     */
    public record Creator(String seriesDescription, int seriesNumber, String algorithm, String version) {
        public Creator {
            Objects.requireNonNull(seriesDescription, "seriesDescription");
            Objects.requireNonNull(algorithm, "algorithm");
            Objects.requireNonNull(version, "version");
        }
    }

    /**
     * Writes the segmentation of a volume.
     *
     * @param source    the volume segmented; the object references its series and images
     * @param segments  the segments, numbered 1, 2, ... in order
     * @param segmentOf per voxel of {@code source} ({@code index = x + nx * (y + ny * z)}) the number of its segment,
     *                  0 for none
     * @return the SOPInstanceUID written
     * @throws DicomException naming the target when it cannot be written
     */
    public static String write(Path target, SeriesVolume source, List<Segment> segments, int[] segmentOf,
                               Creator creator) {
        if (segmentOf.length != source.voxels().length) {
            throw new IllegalArgumentException("segmentOf has " + segmentOf.length + " voxels, the volume "
                    + source.voxels().length);
        }
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).number() != i + 1) {
                throw new IllegalArgumentException("segments must be numbered 1, 2, ... in order");
            }
        }
        DicomImage first = source.slices().get(0);
        DicomObject from = first.header();
        String now = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        String instance = Uids.create();
        DicomObject seg = new DicomObject();
        seg.copy(from, Tag.SPECIFIC_CHARACTER_SET)
                .putString(Tag.SOP_CLASS_UID, "UI", SOP_CLASS)
                .putString(Tag.SOP_INSTANCE_UID, "UI", instance)
                .putString(Tag.IMAGE_TYPE, "CS", "DERIVED", "PRIMARY")
                .putString(Tag.MODALITY, "CS", "SEG")
                .putString(Tag.SERIES_INSTANCE_UID, "UI", Uids.create())
                .putIntegers(Tag.SERIES_NUMBER, creator.seriesNumber())
                .putString(Tag.SERIES_DESCRIPTION, "LO", creator.seriesDescription())
                .putIntegers(Tag.INSTANCE_NUMBER, 1)
                .putString(Tag.CONTENT_DATE, "DA", now.substring(0, 8))
                .putString(Tag.CONTENT_TIME, "TM", now.substring(8))
                .putString(Tag.SERIES_DATE, "DA", now.substring(0, 8))
                .putString(Tag.SERIES_TIME, "TM", now.substring(8))
                .putString(Tag.MANUFACTURER, "LO", creator.algorithm())
                .putString(Tag.MANUFACTURER_MODEL_NAME, "LO", creator.algorithm())
                .putString(Tag.DEVICE_SERIAL_NUMBER, "LO", "1")
                .putString(Tag.SOFTWARE_VERSIONS, "LO", creator.version())
                .putString(Tag.CONTENT_LABEL, "CS", "SEGMENTATION")
                .putString(Tag.CONTENT_DESCRIPTION, "LO", creator.seriesDescription())
                .putString(Tag.CONTENT_CREATOR_NAME, "PN", creator.algorithm() + "^")
                .putString(Tag.SEGMENTATION_TYPE, "CS", "BINARY")
                .putString(Tag.LOSSY_IMAGE_COMPRESSION, "CS", "00");
        COPIED_OR_EMPTY.forEach(a -> seg.copyOrEmpty(from, a.tag(), a.vr()));
        seg.copy(from, Tag.STUDY_INSTANCE_UID).copy(from, Tag.STUDY_DESCRIPTION).copy(from, Tag.FRAME_OF_REFERENCE_UID);
        int frames = segments.size() * source.nz();
        seg.putUShort(Tag.SAMPLES_PER_PIXEL, 1)
                .putString(Tag.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2")
                .putIntegers(Tag.NUMBER_OF_FRAMES, frames)
                .putUShort(Tag.ROWS, source.ny())
                .putUShort(Tag.COLUMNS, source.nx())
                .putUShort(Tag.BITS_ALLOCATED, 1)
                .putUShort(Tag.BITS_STORED, 1)
                .putUShort(Tag.HIGH_BIT, 0)
                .putUShort(Tag.PIXEL_REPRESENTATION, 0);
        seg.putSequence(Tag.SEGMENT_SEQUENCE, segments.stream().map(s -> segmentItem(s, creator)).toList());
        String organisation = Uids.create();
        seg.putItem(Tag.DIMENSION_ORGANIZATION_SEQUENCE,
                new DicomObject().putString(Tag.DIMENSION_ORGANIZATION_UID, "UI", organisation));
        seg.putSequence(Tag.DIMENSION_INDEX_SEQUENCE, List.of(
                dimension(organisation, Tag.REFERENCED_SEGMENT_NUMBER, Tag.SEGMENT_IDENTIFICATION_SEQUENCE,
                        "ReferencedSegmentNumber"),
                dimension(organisation, Tag.IMAGE_POSITION_PATIENT, Tag.PLANE_POSITION_SEQUENCE, "ImagePositionPatient")));
        seg.putItem(Tag.SHARED_FUNCTIONAL_GROUPS_SEQUENCE, shared(source));
        List<DicomObject> perFrame = new ArrayList<>(frames);
        for (Segment s : segments) {
            for (int z = 0; z < source.nz(); z++) {
                perFrame.add(frame(source, s.number(), z));
            }
        }
        seg.putSequence(Tag.PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE, perFrame);
        seg.putItem(Tag.REFERENCED_SERIES_SEQUENCE, referencedSeries(source));
        seg.putBytes(Tag.PIXEL_DATA, "OB", pack(source, segments, segmentOf));
        DicomWriter.write(target, seg);
        return instance;
    }

    private static DicomObject segmentItem(Segment s, Creator creator) {
        DicomObject item = new DicomObject()
                .putUShort(Tag.SEGMENT_NUMBER, s.number())
                .putString(Tag.SEGMENT_LABEL, "LO", s.label())
                .putString(Tag.SEGMENT_ALGORITHM_TYPE, "CS", "AUTOMATIC")
                .putString(Tag.SEGMENT_ALGORITHM_NAME, "LO", creator.algorithm())
                .putItem(Tag.SEGMENTED_PROPERTY_CATEGORY_CODE_SEQUENCE, s.category().item())
                .putItem(Tag.SEGMENTED_PROPERTY_TYPE_CODE_SEQUENCE, s.type().item())
                .putUShort(Tag.RECOMMENDED_DISPLAY_CIELAB_VALUE, s.cieLab());
        if (s.anatomicRegion() != null) {
            item.putItem(Tag.ANATOMIC_REGION_SEQUENCE, s.anatomicRegion().item());
        }
        return item;
    }

    private static DicomObject dimension(String organisation, int pointer, int group, String label) {
        return new DicomObject().putString(Tag.DIMENSION_ORGANIZATION_UID, "UI", organisation)
                .putTags(Tag.DIMENSION_INDEX_POINTER, pointer).putTags(Tag.FUNCTIONAL_GROUP_POINTER, group)
                .putString(Tag.DIMENSION_DESCRIPTION_LABEL, "LO", label);
    }

    private static DicomObject shared(SeriesVolume source) {
        DicomObject header = source.slices().get(0).header();
        double thickness = header.decimal(Tag.SLICE_THICKNESS, source.spacing()[2]);
        DicomObject measures = new DicomObject()
                .putDecimals(Tag.PIXEL_SPACING, source.slices().get(0).pixelSpacing())
                .putDecimals(Tag.SLICE_THICKNESS, thickness);
        if (source.nz() > 1) {
            measures.putDecimals(Tag.SPACING_BETWEEN_SLICES, source.spacing()[2]);
        }
        return new DicomObject().putItem(Tag.PIXEL_MEASURES_SEQUENCE, measures)
                .putItem(Tag.PLANE_ORIENTATION_SEQUENCE, new DicomObject()
                        .putDecimals(Tag.IMAGE_ORIENTATION_PATIENT, source.slices().get(0).orientation()));
    }

    private static DicomObject frame(SeriesVolume source, int segment, int z) {
        DicomImage image = source.slices().get(z);
        DicomObject sourceImage = new DicomObject()
                .putString(Tag.REFERENCED_SOP_CLASS_UID, "UI", image.sopClassUid())
                .putString(Tag.REFERENCED_SOP_INSTANCE_UID, "UI", image.sopInstanceUid())
                .putItem(Tag.PURPOSE_OF_REFERENCE_CODE_SEQUENCE, SOURCE_IMAGE.item());
        DicomObject derivation = new DicomObject()
                .putItem(Tag.SOURCE_IMAGE_SEQUENCE, sourceImage)
                .putItem(Tag.DERIVATION_CODE_SEQUENCE, SEGMENTATION.item());
        return new DicomObject()
                .putItem(Tag.DERIVATION_IMAGE_SEQUENCE, derivation)
                .putItem(Tag.FRAME_CONTENT_SEQUENCE, new DicomObject().putULong(Tag.DIMENSION_INDEX_VALUES, segment, z + 1))
                .putItem(Tag.PLANE_POSITION_SEQUENCE, new DicomObject().putDecimals(Tag.IMAGE_POSITION_PATIENT,
                        image.position()))
                .putItem(Tag.SEGMENT_IDENTIFICATION_SEQUENCE, new DicomObject().putUShort(Tag.REFERENCED_SEGMENT_NUMBER,
                        segment));
    }

    private static DicomObject referencedSeries(SeriesVolume source) {
        List<DicomObject> instances = source.slices().stream().map(i -> new DicomObject()
                .putString(Tag.REFERENCED_SOP_CLASS_UID, "UI", i.sopClassUid())
                .putString(Tag.REFERENCED_SOP_INSTANCE_UID, "UI", i.sopInstanceUid())).toList();
        return new DicomObject().putString(Tag.SERIES_INSTANCE_UID, "UI", source.series().seriesUid())
                .putSequence(Tag.REFERENCED_INSTANCE_SEQUENCE, instances);
    }

    /** Frames segment-major then z, rows from the source's first row, bits packed least significant first. */
    private static byte[] pack(SeriesVolume source, List<Segment> segments, int[] segmentOf) {
        int nx = source.nx();
        int ny = source.ny();
        int nz = source.nz();
        long bits = (long) segments.size() * nz * ny * nx;
        if (bits > 8L * (Integer.MAX_VALUE - 16)) {
            throw new IllegalArgumentException("segmentation too large for one object: " + bits + " bits");
        }
        byte[] data = new byte[(int) ((bits + 15) / 16 * 2)];
        long bit = 0;
        for (Segment s : segments) {
            for (int z = 0; z < nz; z++) {
                for (int row = 0; row < ny; row++) {
                    int base = nx * (ny - 1 - row + ny * z);
                    for (int x = 0; x < nx; x++, bit++) {
                        if (segmentOf[base + x] == s.number()) {
                            data[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
                        }
                    }
                }
            }
        }
        return data;
    }
}
