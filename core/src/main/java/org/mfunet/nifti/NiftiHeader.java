package org.mfunet.nifti;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * An immutable NIfTI-1 header: the raw 348 bytes in their byte order plus the decoded fields. The
 * raw bytes are kept so that a file written from this header carries every field it does not need to
 * change (qform, sform, units, intent, ...) bit for bit, and so overlays on its source image in viewers.
 *
 * <p>Spatial fields: {@link #dims()} and {@link #pixdim()} list axes in file order (x, y, z, t);
 * spacings and offsets are in the units of {@code xyzt_units}, millimetres for the files this tool
 * writes. {@link #affine()} maps a voxel index (x, y, z, 1) to world coordinates.
 */
public final class NiftiHeader {
    /** Size of a NIfTI-1 header in bytes ({@code sizeof_hdr}). */
    static final int SIZE = 348;
    /** Where voxel data start in the files this package writes: header plus the 4-byte extension flag. */
    static final int DATA_OFFSET = 352;

    private static final int DIM = 40;
    private static final int DATATYPE = 70;
    private static final int BITPIX = 72;
    private static final int PIXDIM = 76;
    private static final int VOX_OFFSET = 108;
    private static final int SCL_SLOPE = 112;
    private static final int SCL_INTER = 116;
    private static final int XYZT_UNITS = 123;
    private static final int CAL_MAX = 124;
    private static final int CAL_MIN = 128;
    private static final int DESCRIP = 148;
    private static final int DESCRIP_LENGTH = 80;
    private static final int QFORM_CODE = 252;
    private static final int SFORM_CODE = 254;
    private static final int QUATERN_B = 256;
    private static final int QOFFSET_X = 268;
    private static final int SROW_X = 280;
    private static final int SROW_Y = 296;
    private static final int SROW_Z = 312;
    private static final int MAGIC = 344;
    private static final byte[] MAGIC_SINGLE = {'n', '+', '1', 0};
    private static final byte[] MAGIC_PAIR = {'n', 'i', '1', 0};
    private static final int NIFTI2_SIZE = 540;
    private static final int UNITS_MM = 2;
    /** Numeric fields as {offset, bytes per value, count}; what must be swapped to change byte order. */
    private static final int[][] NUMERIC_FIELDS = {
        {0, 4, 1}, {32, 4, 1}, {36, 2, 1}, {DIM, 2, 8}, {56, 4, 3}, {68, 2, 4}, {PIXDIM, 4, 8},
        {VOX_OFFSET, 4, 3}, {120, 2, 1}, {CAL_MAX, 4, 4}, {140, 4, 2}, {QFORM_CODE, 2, 2}, {QUATERN_B, 4, 18}
    };

    private final byte[] raw;
    private final ByteOrder order;
    private final int[] dims;
    private final NiftiDatatype datatype;
    private final double[] pixdimAll;
    private final double[][] affine;

    private NiftiHeader(byte[] raw, ByteOrder order, NiftiDatatype datatype) {
        this.raw = raw;
        this.order = order;
        this.datatype = datatype;
        ByteBuffer b = buffer();
        int rank = b.getShort(DIM);
        dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = b.getShort(DIM + 2 * (i + 1));
        }
        pixdimAll = new double[8];
        for (int i = 0; i < 8; i++) {
            pixdimAll[i] = b.getFloat(PIXDIM + 4 * i);
        }
        affine = computeAffine();
    }

    /**
     * Decodes and checks a header read from a file: byte order from {@code sizeof_hdr}, single-file
     * magic {@code "n+1\0"}, rank 2 to 4 with positive dimensions, a supported datatype and a usable
     * {@code vox_offset}.
     *
     * @param raw the first 348 bytes of the file
     * @param file named in error messages
     */
    static NiftiHeader parse(byte[] raw, Path file) {
        ByteOrder order = detectOrder(raw, file);
        ByteBuffer b = ByteBuffer.wrap(raw).order(order);
        byte[] magic = Arrays.copyOfRange(raw, MAGIC, MAGIC + 4);
        if (Arrays.equals(magic, MAGIC_PAIR)) {
            throw new NiftiException(file, "header/image pair files (.hdr/.img, magic \"ni1\") are not supported;"
                    + " convert to a single .nii or .nii.gz file");
        }
        if (!Arrays.equals(magic, MAGIC_SINGLE)) {
            throw new NiftiException(file, "bad magic " + describeMagic(magic) + "; a single-file NIfTI-1 has \"n+1\"");
        }
        int rank = b.getShort(DIM);
        if (rank < 2 || rank > 4) {
            throw new NiftiException(file, "dim[0] = " + rank + "; only 2D, 3D and 4D images are supported");
        }
        for (int i = 1; i <= rank; i++) {
            int n = b.getShort(DIM + 2 * i);
            if (n <= 0) {
                throw new NiftiException(file, "dim[" + i + "] = " + n + "; dimensions must be positive");
            }
        }
        NiftiDatatype type = NiftiDatatype.fromCode(b.getShort(DATATYPE), file);
        float voxOffset = b.getFloat(VOX_OFFSET);
        if (!(voxOffset >= DATA_OFFSET) || voxOffset > Integer.MAX_VALUE) {
            throw new NiftiException(file, "vox_offset " + voxOffset + " is invalid; single-file NIfTI-1 data start at "
                    + DATA_OFFSET + " or later");
        }
        return new NiftiHeader(raw.clone(), order, type);
    }

    private static ByteOrder detectOrder(byte[] raw, Path file) {
        int little = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        int big = ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN).getInt(0);
        if (little == SIZE) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (big == SIZE) {
            return ByteOrder.BIG_ENDIAN;
        }
        if (little == NIFTI2_SIZE || big == NIFTI2_SIZE) {
            throw new NiftiException(file, "NIfTI-2 files are not supported; only NIfTI-1");
        }
        throw new NiftiException(file, "not a NIfTI-1 file (sizeof_hdr is " + little + ", expected 348)");
    }

    private static String describeMagic(byte[] magic) {
        StringBuilder s = new StringBuilder("\"");
        for (byte m : magic) {
            s.append(m >= 32 && m < 127 ? Character.toString((char) m) : String.format("\\x%02x", m & 0xff));
        }
        return s.append('"').toString();
    }

    /**
     * A header for a brand-new volume: little-endian, float32, {@code qform_code = sform_code = 1}
     * (scanner), sform equal to the affine, qform derived from it (exact for an affine whose columns
     * are orthogonal; the sform stays exact in any case), units millimetres.
     *
     * @param spacingMm voxel spacing (x, y, z) in millimetres, normally the column norms of the affine
     * @param affine4x4 voxel index (x, y, z, 1) to world millimetres, row-major 4x4
     */
    public static NiftiHeader create(int nx, int ny, int nz, double[] spacingMm, double[][] affine4x4) {
        if (spacingMm == null || spacingMm.length != 3) {
            throw new IllegalArgumentException("spacingMm must have 3 values (x, y, z)");
        }
        for (double s : spacingMm) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("spacingMm must be positive and finite, got " + Arrays.toString(spacingMm));
            }
        }
        checkAffine(affine4x4);
        Quaternion q = Quaternion.ofAffine(affine4x4);
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, SIZE);
        b.put(38, (byte) 'r');
        b.putShort(DATATYPE, (short) NiftiDatatype.FLOAT32.code());
        b.putShort(BITPIX, (short) NiftiDatatype.FLOAT32.bitpix());
        b.putFloat(PIXDIM, (float) q.qfac());
        for (int i = 0; i < 3; i++) {
            b.putFloat(PIXDIM + 4 * (i + 1), (float) spacingMm[i]);
        }
        for (int i = 4; i < 8; i++) {
            b.putFloat(PIXDIM + 4 * i, 1f);
        }
        b.putFloat(VOX_OFFSET, DATA_OFFSET);
        b.putFloat(SCL_SLOPE, 1f);
        b.put(XYZT_UNITS, (byte) UNITS_MM);
        b.putShort(QFORM_CODE, (short) 1);
        b.putShort(SFORM_CODE, (short) 1);
        double[] quat = {q.b(), q.c(), q.d(), affine4x4[0][3], affine4x4[1][3], affine4x4[2][3]};
        for (int i = 0; i < 6; i++) {
            b.putFloat(QUATERN_B + 4 * i, (float) quat[i]);
        }
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                b.putFloat(SROW_X + 16 * r + 4 * c, (float) affine4x4[r][c]);
            }
        }
        b.put(MAGIC, MAGIC_SINGLE);
        return new NiftiHeader(b.array(), ByteOrder.LITTLE_ENDIAN, NiftiDatatype.FLOAT32).withDims(nx, ny, nz);
    }

    private static void checkAffine(double[][] a) {
        if (a == null || a.length != 4) {
            throw new IllegalArgumentException("affine4x4 must have 4 rows");
        }
        for (double[] row : a) {
            if (row == null || row.length != 4) {
                throw new IllegalArgumentException("affine4x4 must have 4 columns per row");
            }
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("affine4x4 must be finite, got " + Arrays.deepToString(a));
                }
            }
        }
    }

    private ByteBuffer buffer() {
        return ByteBuffer.wrap(raw).order(order);
    }

    /** The raw 348 header bytes in {@link #byteOrder()}; a copy. */
    byte[] toBytes() {
        return raw.clone();
    }

    /** Sizes along each axis (x, y[, z[, t]]), without the rank; length = rank (2 to 4). */
    public int[] dims() {
        return dims.clone();
    }

    public int nx() {
        return dims[0];
    }

    public int ny() {
        return dims[1];
    }

    /** Number of slices; 1 for a 2D image. */
    public int nz() {
        return dims.length > 2 ? dims[2] : 1;
    }

    /** Number of volumes (the 4th dimension); 1 when absent. */
    public int nt() {
        return dims.length > 3 ? dims[3] : 1;
    }

    /** Number of voxels over all dimensions. */
    public long voxelCount() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    public NiftiDatatype datatype() {
        return datatype;
    }

    /** Voxel spacing per axis, {@code pixdim[1..rank]}, in the file's units (normally mm, then s). */
    public double[] pixdim() {
        return Arrays.copyOfRange(pixdimAll, 1, 1 + dims.length);
    }

    /** Byte offset of the voxel data in the (uncompressed) file. */
    public long voxOffset() {
        return (long) buffer().getFloat(VOX_OFFSET);
    }

    /** {@code scl_slope} as stored; 0 or not finite means "no scaling". */
    public double sclSlope() {
        return buffer().getFloat(SCL_SLOPE);
    }

    /** {@code scl_inter} as stored; ignored when the slope means "no scaling". */
    public double sclInter() {
        return buffer().getFloat(SCL_INTER);
    }

    /** True when stored values are to be mapped through {@code value * scl_slope + scl_inter}. */
    public boolean hasScaling() {
        double slope = sclSlope();
        return slope != 0 && Double.isFinite(slope);
    }

    /** The slope applied on read: {@link #sclSlope()} when {@link #hasScaling()}, else 1. */
    double effectiveSlope() {
        return hasScaling() ? sclSlope() : 1;
    }

    /** The intercept applied on read: {@link #sclInter()} when scaling applies and it is finite, else 0. */
    double effectiveInter() {
        return hasScaling() && Double.isFinite(sclInter()) ? sclInter() : 0;
    }

    public int qformCode() {
        return buffer().getShort(QFORM_CODE);
    }

    public int sformCode() {
        return buffer().getShort(SFORM_CODE);
    }

    /** First row of the sform, length 4. */
    public double[] srowX() {
        return floats(SROW_X, 4);
    }

    public double[] srowY() {
        return floats(SROW_Y, 4);
    }

    public double[] srowZ() {
        return floats(SROW_Z, 4);
    }

    /** Quaternion parameters {b, c, d} of the qform rotation. */
    public double[] quatern() {
        return floats(QUATERN_B, 3);
    }

    /** Qform translation {x, y, z}. */
    public double[] qoffset() {
        return floats(QOFFSET_X, 3);
    }

    /** Qform handedness from {@code pixdim[0]}: -1 when negative, else 1. */
    public double qfac() {
        return pixdimAll[0] < 0 ? -1 : 1;
    }

    /** {@code descrip}, up to the first NUL. */
    public String description() {
        int end = DESCRIP;
        while (end < DESCRIP + DESCRIP_LENGTH && raw[end] != 0) {
            end++;
        }
        return new String(raw, DESCRIP, end - DESCRIP, StandardCharsets.US_ASCII);
    }

    public ByteOrder byteOrder() {
        return order;
    }

    /**
     * The 4x4 row-major voxel-to-world matrix: the sform when {@code sform_code > 0}, else the qform when
     * {@code qform_code > 0}, else a diagonal of the spacings. Applies to (x, y, z, 1), indices from 0.
     */
    public double[][] affine() {
        double[][] copy = new double[4][];
        for (int r = 0; r < 4; r++) {
            copy[r] = affine[r].clone();
        }
        return copy;
    }

    /** Same nx, ny, nz and every affine entry within {@code tol} (world units, normally mm). */
    public boolean sameGrid(NiftiHeader other, double tol) {
        if (nx() != other.nx() || ny() != other.ny() || nz() != other.nz()) {
            return false;
        }
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                if (!(Math.abs(affine[r][c] - other.affine[r][c]) <= tol)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A copy with another voxel type (datatype and bitpix). */
    public NiftiHeader withDatatype(NiftiDatatype type) {
        byte[] copy = raw.clone();
        ByteBuffer b = ByteBuffer.wrap(copy).order(order);
        b.putShort(DATATYPE, (short) type.code());
        b.putShort(BITPIX, (short) type.bitpix());
        return new NiftiHeader(copy, order, type);
    }

    /**
     * A copy with other dimensions; the rank becomes {@code dims.length} (2 to 4) and unused
     * dimensions are set to 1.
     *
     * @param dims sizes along x, y[, z[, t]], each 1 to 32767 (NIfTI-1 stores them as 16-bit integers)
     */
    public NiftiHeader withDims(int... dims) {
        if (dims.length < 2 || dims.length > 4) {
            throw new IllegalArgumentException("dims must have 2 to 4 values, got " + Arrays.toString(dims));
        }
        byte[] copy = raw.clone();
        ByteBuffer b = ByteBuffer.wrap(copy).order(order);
        b.putShort(DIM, (short) dims.length);
        for (int i = 1; i < 8; i++) {
            int n = i <= dims.length ? dims[i - 1] : 1;
            if (n < 1 || n > Short.MAX_VALUE) {
                throw new IllegalArgumentException("dims must be 1 to 32767, got " + Arrays.toString(dims));
            }
            b.putShort(DIM + 2 * i, (short) n);
        }
        return new NiftiHeader(copy, order, datatype);
    }

    /** A copy whose stored values map to {@code stored * slope + inter}; slope 0 means no scaling. */
    public NiftiHeader withScaling(double slope, double inter) {
        byte[] copy = raw.clone();
        ByteBuffer b = ByteBuffer.wrap(copy).order(order);
        b.putFloat(SCL_SLOPE, (float) slope);
        b.putFloat(SCL_INTER, (float) inter);
        return new NiftiHeader(copy, order, datatype);
    }

    /** A copy with another {@code descrip}; non-ASCII characters become '?', cut to 79 characters. */
    public NiftiHeader withDescription(String description) {
        byte[] text = description.getBytes(StandardCharsets.US_ASCII);
        byte[] copy = raw.clone();
        Arrays.fill(copy, DESCRIP, DESCRIP + DESCRIP_LENGTH, (byte) 0);
        System.arraycopy(text, 0, copy, DESCRIP, Math.min(text.length, DESCRIP_LENGTH - 1));
        return new NiftiHeader(copy, order, datatype);
    }

    /** A copy in another byte order: every numeric field swapped, text fields untouched, values identical. */
    public NiftiHeader withByteOrder(ByteOrder target) {
        if (target.equals(order)) {
            return this;
        }
        byte[] copy = raw.clone();
        for (int[] field : NUMERIC_FIELDS) {
            for (int i = 0; i < field[2]; i++) {
                int at = field[0] + i * field[1];
                for (int k = 0; k < field[1]; k++) {
                    copy[at + k] = raw[at + field[1] - 1 - k];
                }
            }
        }
        return new NiftiHeader(copy, target, datatype);
    }

    /** The header as the writer stores it: data at 352, display range reset since the data are new. */
    NiftiHeader forWriting() {
        byte[] copy = raw.clone();
        ByteBuffer b = ByteBuffer.wrap(copy).order(order);
        b.putFloat(VOX_OFFSET, DATA_OFFSET);
        b.putFloat(CAL_MAX, 0f);
        b.putFloat(CAL_MIN, 0f);
        b.put(MAGIC, MAGIC_SINGLE);
        return new NiftiHeader(copy, order, datatype);
    }

    private double[] floats(int offset, int count) {
        ByteBuffer b = buffer();
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = b.getFloat(offset + 4 * i);
        }
        return v;
    }

    private double spacing(int axis) {
        double s = Math.abs(pixdimAll[axis]);
        return s == 0 ? 1 : s;
    }

    private double[][] computeAffine() {
        if (sformCode() > 0) {
            return new double[][] {srowX(), srowY(), srowZ(), {0, 0, 0, 1}};
        }
        double[] spacing = {spacing(1), spacing(2), spacing(3)};
        if (qformCode() > 0) {
            double[] q = quatern();
            return Quaternion.of(q[0], q[1], q[2], qfac()).affine(spacing, qoffset());
        }
        return new double[][] {
            {spacing[0], 0, 0, 0}, {0, spacing[1], 0, 0}, {0, 0, spacing[2], 0}, {0, 0, 0, 1}
        };
    }
}
