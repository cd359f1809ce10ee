package org.mfunet.nifti;

import java.nio.file.Path;

/**
 * The NIfTI-1 voxel types this package reads and writes, with their header codes. Other codes of the
 * standard (complex, RGB, 64-bit integers, float128) are refused by name.
 */
public enum NiftiDatatype {
    UINT8(2, 8, "uint8", 0, 255),
    INT8(256, 8, "int8", -128, 127),
    INT16(4, 16, "int16", Short.MIN_VALUE, Short.MAX_VALUE),
    UINT16(512, 16, "uint16", 0, 65535),
    INT32(8, 32, "int32", Integer.MIN_VALUE, Integer.MAX_VALUE),
    UINT32(768, 32, "uint32", 0, 4294967295L),
    FLOAT32(16, 32, "float32", 0, 0),
    FLOAT64(64, 64, "float64", 0, 0);

    private final int code;
    private final int bitpix;
    private final String typeName;
    private final long min;
    private final long max;

    NiftiDatatype(int code, int bitpix, String typeName, long min, long max) {
        this.code = code;
        this.bitpix = bitpix;
        this.typeName = typeName;
        this.min = min;
        this.max = max;
    }

    /** The {@code datatype} code of the header, e.g. 4 for int16. */
    public int code() {
        return code;
    }

    /** Bits per voxel. */
    public int bitpix() {
        return bitpix;
    }

    /** Bytes per voxel. */
    public int bytes() {
        return bitpix / 8;
    }

    /** Lower-case name as in numpy and nibabel, e.g. {@code "uint8"}, {@code "float32"}. */
    public String typeName() {
        return typeName;
    }

    /** True for the integer types, whose stored values are rounded and range-checked on write. */
    public boolean isInteger() {
        return this != FLOAT32 && this != FLOAT64;
    }

    /** Smallest storable value of an integer type. */
    long minValue() {
        return min;
    }

    /** Largest storable value of an integer type. */
    long maxValue() {
        return max;
    }

    /**
     * The type of a header code.
     *
     * @param file named in the message when the code is not supported
     */
    public static NiftiDatatype fromCode(int code, Path file) {
        for (NiftiDatatype t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new NiftiException(file, "unsupported datatype " + code + " (" + unsupportedName(code)
                + "); supported: uint8, int8, int16, uint16, int32, uint32, float32, float64");
    }

    private static String unsupportedName(int code) {
        return switch (code) {
            case 0 -> "unknown";
            case 1 -> "binary";
            case 32 -> "complex64";
            case 128 -> "RGB24";
            case 1024 -> "int64";
            case 1280 -> "uint64";
            case 1536 -> "float128";
            case 1792 -> "complex128";
            case 2048 -> "complex256";
            case 2304 -> "RGBA32";
            default -> "not a NIfTI-1 datatype";
        };
    }
}
