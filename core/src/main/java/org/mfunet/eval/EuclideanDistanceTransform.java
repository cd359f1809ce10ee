package org.mfunet.eval;

/**
 * Exact Euclidean distance transform on an anisotropic 3D grid, computed as three separable 1D passes
 * (x, then y, then z) of the lower envelope of parabolas (Felzenszwalb and Huttenlocher, "Distance
 * Transforms of Sampled Functions", 2012). Linear in the number of voxels, so a 480 x 480 x 5 volume
 * takes milliseconds.
 */
public final class EuclideanDistanceTransform {
    private EuclideanDistanceTransform() {
    }

    /**
     * Squared distance from every voxel to the nearest feature voxel.
     *
     * @param features {@code [nz][ny][nx]} flattened, x fastest; true marks a feature voxel
     * @param grid     dimensions and spacing of {@code features}
     * @return {@code [nz][ny][nx]} flattened, x fastest: squared distance in mm² (0 on features),
     *     {@link Double#POSITIVE_INFINITY} everywhere when there is no feature
     */
    public static double[] squaredDistances(boolean[] features, VoxelGrid grid) {
        grid.requireLength(features.length, "feature mask");
        int nx = grid.nx();
        int ny = grid.ny();
        int nz = grid.nz();
        double[] d = new double[features.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = features[i] ? 0.0 : Double.POSITIVE_INFINITY;
        }
        Pass pass = new Pass(Math.max(nx, Math.max(ny, nz)));
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                pass.run(d, nx * (y + ny * z), 1, nx, grid.sx());
            }
        }
        for (int z = 0; z < nz; z++) {
            for (int x = 0; x < nx; x++) {
                pass.run(d, x + nx * ny * z, nx, ny, grid.sy());
            }
        }
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                pass.run(d, x + nx * y, nx * ny, nz, grid.sz());
            }
        }
        return d;
    }

    /** Work buffers for one 1D pass, reused across the lines of a volume. */
    private static final class Pass {
        private final double[] f;
        private final int[] vertex;
        private final double[] boundary;

        Pass(int maxLength) {
            f = new double[maxLength];
            vertex = new int[maxLength];
            boundary = new double[maxLength + 1];
        }

        /**
         * Replaces the line {@code d[start + i * stride]}, i in [0, n), by min over q of
         * {@code (spacing * (i - q))² + d[q]}. Infinite entries carry no parabola, so the arithmetic
         * never meets infinity minus infinity.
         */
        void run(double[] d, int start, int stride, int n, double spacing) {
            for (int i = 0; i < n; i++) {
                f[i] = d[start + i * stride];
            }
            int k = -1;
            for (int q = 0; q < n; q++) {
                if (f[q] == Double.POSITIVE_INFINITY) {
                    continue;
                }
                if (k < 0) {
                    k = 0;
                    vertex[0] = q;
                    boundary[0] = Double.NEGATIVE_INFINITY;
                    boundary[1] = Double.POSITIVE_INFINITY;
                    continue;
                }
                double s = intersection(q, vertex[k], spacing);
                while (s <= boundary[k]) {
                    k--;
                    s = intersection(q, vertex[k], spacing);
                }
                k++;
                vertex[k] = q;
                boundary[k] = s;
                boundary[k + 1] = Double.POSITIVE_INFINITY;
            }
            if (k < 0) {
                return;
            }
            k = 0;
            for (int p = 0; p < n; p++) {
                double u = p * spacing;
                while (boundary[k + 1] < u) {
                    k++;
                }
                double delta = u - vertex[k] * spacing;
                d[start + p * stride] = delta * delta + f[vertex[k]];
            }
        }

        /** Position (mm) where the parabola rooted at q starts to lie below the one rooted at v, v < q. */
        private double intersection(int q, int v, double spacing) {
            double uq = q * spacing;
            double uv = v * spacing;
            return ((f[q] + uq * uq) - (f[v] + uv * uv)) / (2.0 * (uq - uv));
        }
    }
}
