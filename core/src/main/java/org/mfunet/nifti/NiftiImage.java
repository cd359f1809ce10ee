package org.mfunet.nifti;

/**
 * A 2D or 3D NIfTI volume in memory: its header and the scaled voxel values as floats. Voxel order is
 * the file's: x fastest, {@code index = x + nx * (y + ny * z)}; a 2D image has {@code nz = 1}.
 */
public final class NiftiImage {
    private final NiftiHeader header;
    private final float[] data;

    /**
     * @param header a header with at most one volume
     * @param data   {@code nx * ny * nz} scaled values, x fastest; kept, not copied
     */
    public NiftiImage(NiftiHeader header, float[] data) {
        if (header.nt() != 1) {
            throw new IllegalArgumentException("a NiftiImage holds one volume, the header has " + header.nt());
        }
        long expected = (long) header.nx() * header.ny() * header.nz();
        if (data.length != expected) {
            throw new IllegalArgumentException("data has " + data.length + " values, the header needs " + expected);
        }
        this.header = header;
        this.data = data;
    }

    public NiftiHeader header() {
        return header;
    }

    public int nx() {
        return header.nx();
    }

    public int ny() {
        return header.ny();
    }

    public int nz() {
        return header.nz();
    }

    /**
     * The scaled voxel values ({@code stored * scl_slope + scl_inter} when the header scales), x fastest,
     * {@code index = x + nx * (y + ny * z)}. The array itself, not a copy: callers must not modify it.
     * NaN and infinite values are kept as stored.
     */
    public float[] data() {
        return data;
    }

    /** The scaled value at voxel (x, y, z), indices from 0. */
    public float get(int x, int y, int z) {
        if (x < 0 || x >= nx() || y < 0 || y >= ny() || z < 0 || z >= nz()) {
            throw new IndexOutOfBoundsException("voxel (" + x + ", " + y + ", " + z + ") is outside "
                    + nx() + " x " + ny() + " x " + nz());
        }
        return data[x + nx() * (y + ny() * z)];
    }
}
