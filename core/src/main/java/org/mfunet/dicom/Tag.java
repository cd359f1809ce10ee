package org.mfunet.dicom;

/** The data element tags this package reads or writes, as {@code group << 16 | element}. */
public final class Tag {
    public static final int FILE_META_GROUP_LENGTH = 0x00020000;
    public static final int FILE_META_VERSION = 0x00020001;
    public static final int MEDIA_STORAGE_SOP_CLASS_UID = 0x00020002;
    public static final int MEDIA_STORAGE_SOP_INSTANCE_UID = 0x00020003;
    public static final int TRANSFER_SYNTAX_UID = 0x00020010;
    public static final int IMPLEMENTATION_CLASS_UID = 0x00020012;
    public static final int IMPLEMENTATION_VERSION_NAME = 0x00020013;

    public static final int SPECIFIC_CHARACTER_SET = 0x00080005;
    public static final int IMAGE_TYPE = 0x00080008;
    public static final int SOP_CLASS_UID = 0x00080016;
    public static final int SOP_INSTANCE_UID = 0x00080018;
    public static final int STUDY_DATE = 0x00080020;
    public static final int SERIES_DATE = 0x00080021;
    public static final int CONTENT_DATE = 0x00080023;
    public static final int STUDY_TIME = 0x00080030;
    public static final int SERIES_TIME = 0x00080031;
    public static final int CONTENT_TIME = 0x00080033;
    public static final int ACCESSION_NUMBER = 0x00080050;
    public static final int MODALITY = 0x00080060;
    public static final int MANUFACTURER = 0x00080070;
    public static final int REFERRING_PHYSICIAN_NAME = 0x00080090;
    public static final int CODE_VALUE = 0x00080100;
    public static final int CODING_SCHEME_DESIGNATOR = 0x00080102;
    public static final int CODE_MEANING = 0x00080104;
    public static final int STUDY_DESCRIPTION = 0x00081030;
    public static final int SERIES_DESCRIPTION = 0x0008103E;
    public static final int MANUFACTURER_MODEL_NAME = 0x00081090;
    public static final int REFERENCED_SERIES_SEQUENCE = 0x00081115;
    public static final int REFERENCED_SOP_CLASS_UID = 0x00081150;
    public static final int REFERENCED_SOP_INSTANCE_UID = 0x00081155;
    public static final int SOURCE_IMAGE_SEQUENCE = 0x00082112;
    public static final int DERIVATION_DESCRIPTION = 0x00082111;
    public static final int ANATOMIC_REGION_SEQUENCE = 0x00082218;
    public static final int DERIVATION_IMAGE_SEQUENCE = 0x00089124;
    public static final int DERIVATION_CODE_SEQUENCE = 0x00089215;
    public static final int REFERENCED_INSTANCE_SEQUENCE = 0x0008114A;
    public static final int PURPOSE_OF_REFERENCE_CODE_SEQUENCE = 0x0040A170;

    public static final int PATIENT_NAME = 0x00100010;
    public static final int PATIENT_ID = 0x00100020;
    public static final int PATIENT_BIRTH_DATE = 0x00100030;
    public static final int PATIENT_SEX = 0x00100040;

    public static final int SLICE_THICKNESS = 0x00180050;
    public static final int SPACING_BETWEEN_SLICES = 0x00180088;
    public static final int DEVICE_SERIAL_NUMBER = 0x00181000;
    public static final int SOFTWARE_VERSIONS = 0x00181020;
    public static final int PROTOCOL_NAME = 0x00181030;

    public static final int STUDY_INSTANCE_UID = 0x0020000D;
    public static final int SERIES_INSTANCE_UID = 0x0020000E;
    public static final int STUDY_ID = 0x00200010;
    public static final int SERIES_NUMBER = 0x00200011;
    public static final int INSTANCE_NUMBER = 0x00200013;
    public static final int IMAGE_POSITION_PATIENT = 0x00200032;
    public static final int IMAGE_ORIENTATION_PATIENT = 0x00200037;
    public static final int FRAME_OF_REFERENCE_UID = 0x00200052;
    public static final int POSITION_REFERENCE_INDICATOR = 0x00201040;
    public static final int DIMENSION_ORGANIZATION_UID = 0x00209164;
    public static final int DIMENSION_ORGANIZATION_SEQUENCE = 0x00209221;
    public static final int DIMENSION_INDEX_SEQUENCE = 0x00209222;
    public static final int DIMENSION_INDEX_POINTER = 0x00209165;
    public static final int FUNCTIONAL_GROUP_POINTER = 0x00209167;
    public static final int DIMENSION_DESCRIPTION_LABEL = 0x00209421;
    public static final int FRAME_CONTENT_SEQUENCE = 0x00209111;
    public static final int DIMENSION_INDEX_VALUES = 0x00209157;
    public static final int PLANE_POSITION_SEQUENCE = 0x00209113;
    public static final int PLANE_ORIENTATION_SEQUENCE = 0x00209116;
    public static final int SHARED_FUNCTIONAL_GROUPS_SEQUENCE = 0x52009229;
    public static final int PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE = 0x52009230;
    public static final int PIXEL_MEASURES_SEQUENCE = 0x00289110;

    public static final int SAMPLES_PER_PIXEL = 0x00280002;
    public static final int PHOTOMETRIC_INTERPRETATION = 0x00280004;
    public static final int NUMBER_OF_FRAMES = 0x00280008;
    public static final int ROWS = 0x00280010;
    public static final int COLUMNS = 0x00280011;
    public static final int PIXEL_SPACING = 0x00280030;
    public static final int BITS_ALLOCATED = 0x00280100;
    public static final int BITS_STORED = 0x00280101;
    public static final int HIGH_BIT = 0x00280102;
    public static final int PIXEL_REPRESENTATION = 0x00280103;
    public static final int LOSSY_IMAGE_COMPRESSION = 0x00282110;
    public static final int RESCALE_INTERCEPT = 0x00281052;
    public static final int RESCALE_SLOPE = 0x00281053;

    public static final int SEGMENT_SEQUENCE = 0x00620002;
    public static final int SEGMENTED_PROPERTY_CATEGORY_CODE_SEQUENCE = 0x00620003;
    public static final int SEGMENT_NUMBER = 0x00620004;
    public static final int SEGMENT_LABEL = 0x00620005;
    public static final int SEGMENT_ALGORITHM_TYPE = 0x00620008;
    public static final int SEGMENT_ALGORITHM_NAME = 0x00620009;
    public static final int SEGMENT_IDENTIFICATION_SEQUENCE = 0x0062000A;
    public static final int REFERENCED_SEGMENT_NUMBER = 0x0062000B;
    public static final int RECOMMENDED_DISPLAY_CIELAB_VALUE = 0x0062000D;
    public static final int SEGMENTED_PROPERTY_TYPE_CODE_SEQUENCE = 0x0062000F;
    public static final int SEGMENTATION_TYPE = 0x00620001;
    public static final int CONTENT_LABEL = 0x00700080;
    public static final int CONTENT_DESCRIPTION = 0x00700081;
    public static final int CONTENT_CREATOR_NAME = 0x00700084;

    public static final int PIXEL_DATA = 0x7FE00010;
    public static final int ITEM = 0xFFFEE000;
    public static final int ITEM_DELIMITATION = 0xFFFEE00D;
    public static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;

    private Tag() {
    }

    /** {@code (gggg,eeee)}, as DICOM documents write a tag. */
    public static String format(int tag) {
        return String.format("(%04X,%04X)", tag >>> 16, tag & 0xffff);
    }
}
