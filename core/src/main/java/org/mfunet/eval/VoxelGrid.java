package org.mfunet.eval;

/**
 * Dimensions and voxel spacing of a 3D volume stored x fastest: {@code index = x + nx * (y + ny * z)}.
 *
 * @param nx number of voxels along x
 * @param ny number of voxels along y
 * @param nz number of voxels along z (1 for a single slice)
 * @param sx voxel spacing along x in mm
 * @param sy voxel spacing along y in mm
 * @param sz voxel spacing along z in mm (slice spacing)
 */
public record VoxelGrid(int nx, int ny, int nz, double sx, double sy, double sz) {
    public VoxelGrid {
        if (nx <= 0 || ny <= 0 || nz <= 0) {
            throw new IllegalArgumentException("grid dimensions must be positive, got " + nx + " x " + ny + " x " + nz);
        }
        if (!(sx > 0 && sy > 0 && sz > 0) || Double.isInfinite(sx) || Double.isInfinite(sy) || Double.isInfinite(sz)) {
            throw new IllegalArgumentException("voxel spacing must be positive and finite, got " + sx + ", " + sy + ", " + sz);
        }
        if ((long) nx * ny * nz > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("grid of " + nx + " x " + ny + " x " + nz + " voxels is too large");
        }
    }

    /** Number of voxels, {@code nx * ny * nz}. */
    public int voxelCount() {
        return nx * ny * nz;
    }

    /** Volume of one voxel in millilitres (mm³ / 1000). */
    public double voxelMillilitres() {
        return sx * sy * sz / 1000.0;
    }

    /** Throws if an array does not hold exactly one value per voxel. */
    void requireLength(int length, String what) {
        if (length != voxelCount()) {
            throw new IllegalArgumentException(what + " holds " + length + " values, the grid " + nx + " x " + ny + " x "
                    + nz + " needs " + voxelCount());
        }
    }
}
