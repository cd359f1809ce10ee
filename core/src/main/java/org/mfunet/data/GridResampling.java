package org.mfunet.data;

/**
 * Puts a volume onto another grid of the same patient space: for each voxel of the target, the world position its
 * affine gives, the moving volume's voxel there (inverse affine), and the trilinear interpolation of its eight
 * neighbours. Positions within half a voxel of the moving volume's edge take the edge; farther out the value is 0. Used
 * where a study's series were acquired on different grids.
 */
public final class GridResampling {
    private GridResampling() {
    }

    /**
     * @param moving       {@code mx * my * mz} values, x fastest
     * @param movingDims   {mx, my, mz}
     * @param movingAffine voxel (x, y, z, 1) to world mm, row-major 4x4
     * @param targetDims   {nx, ny, nz}
     * @param targetAffine voxel to world mm of the target grid
     * @return {@code nx * ny * nz} values on the target grid, x fastest
     */
    public static float[] onto(float[] moving, int[] movingDims, double[][] movingAffine, int[] targetDims,
                               double[][] targetAffine) {
        double[][] toMoving = multiply(invert(movingAffine), targetAffine);
        int nx = targetDims[0];
        int ny = targetDims[1];
        int nz = targetDims[2];
        float[] out = new float[nx * ny * nz];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double[] p = new double[3];
                    for (int i = 0; i < 3; i++) {
                        p[i] = toMoving[i][0] * x + toMoving[i][1] * y + toMoving[i][2] * z + toMoving[i][3];
                    }
                    out[x + nx * (y + ny * z)] = sample(moving, movingDims, p);
                }
            }
        }
        return out;
    }

    private static float sample(float[] v, int[] dims, double[] p) {
        int[] lo = new int[3];
        double[] w = new double[3];
        for (int i = 0; i < 3; i++) {
            if (p[i] < -0.5 || p[i] > dims[i] - 0.5) {
                return 0;
            }
            double c = Math.max(0, Math.min(dims[i] - 1, p[i]));
            lo[i] = Math.min((int) Math.floor(c), Math.max(0, dims[i] - 2));
            w[i] = dims[i] == 1 ? 0 : c - lo[i];
        }
        double sum = 0;
        for (int corner = 0; corner < 8; corner++) {
            double weight = 1;
            int index = 0;
            int stride = 1;
            for (int i = 0; i < 3; i++) {
                int up = corner >> i & 1;
                weight *= up == 1 ? w[i] : 1 - w[i];
                index += Math.min(lo[i] + up, dims[i] - 1) * stride;
                stride *= dims[i];
            }
            if (weight != 0) {
                sum += weight * v[index];
            }
        }
        return (float) sum;
    }

    /** The inverse of an affine 4x4 whose last row is (0, 0, 0, 1). */
    static double[][] invert(double[][] a) {
        double[][] m = new double[3][3];
        double det = a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
        if (Math.abs(det) < 1e-12) {
            throw new IllegalArgumentException("affine is singular");
        }
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                int r1 = (c + 1) % 3;
                int r2 = (c + 2) % 3;
                int c1 = (r + 1) % 3;
                int c2 = (r + 2) % 3;
                m[r][c] = (a[r1][c1] * a[r2][c2] - a[r1][c2] * a[r2][c1]) / det;
            }
        }
        double[][] inv = new double[4][4];
        for (int r = 0; r < 3; r++) {
            System.arraycopy(m[r], 0, inv[r], 0, 3);
            inv[r][3] = -(m[r][0] * a[0][3] + m[r][1] * a[1][3] + m[r][2] * a[2][3]);
        }
        inv[3][3] = 1;
        return inv;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        double[][] out = new double[4][4];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                for (int k = 0; k < 4; k++) {
                    out[r][c] += a[r][k] * b[k][c];
                }
            }
        }
        return out;
    }
}
