package org.mfunet.eval;

import java.util.Arrays;

/**
 * Pure overlap and surface-distance metrics of two binary masks on one 3D grid. Masks are
 * {@code [nz][ny][nx]} flattened, x fastest; distances are in mm using the grid's anisotropic spacing.
 *
 * <p>The surface of a mask is its voxels with a face (6-connected) neighbour outside the mask or outside
 * the grid. HD95 pools the distances from each surface voxel of the prediction to the nearest surface voxel
 * of the reference and the reverse, and takes their 95th percentile with linear interpolation between
 * order statistics (as {@code numpy.percentile}). See {@link StructureMetrics} for the empty-mask convention.
 */
public final class SegmentationMetrics {
    private static final double HD_PERCENTILE = 95.0;

    private SegmentationMetrics() {
    }

    /** Counts, Dice, HD95 and volumes of a predicted mask against a reference mask. */
    public static StructureMetrics evaluate(boolean[] predicted, boolean[] truth, VoxelGrid grid) {
        grid.requireLength(predicted.length, "predicted mask");
        grid.requireLength(truth.length, "reference mask");
        long[] c = confusion(predicted, truth);
        long tp = c[0];
        long fp = c[1];
        long fn = c[2];
        double ml = grid.voxelMillilitres();
        return new StructureMetrics(tp, fp, fn, dice(tp, fp, fn), hd95(predicted, truth, grid), (tp + fp) * ml, (tp + fn) * ml);
    }

    /** Dice {@code 2|A∩B| / (|A| + |B|)} of two masks of equal length; NaN when both are empty. */
    public static double dice(boolean[] a, boolean[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("masks differ in length: " + a.length + " and " + b.length);
        }
        long[] c = confusion(a, b);
        return dice(c[0], c[1], c[2]);
    }

    /** {TP, FP, FN} of a predicted mask against a reference mask of the same length. */
    private static long[] confusion(boolean[] predicted, boolean[] truth) {
        long[] c = new long[3];
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] && truth[i]) {
                c[0]++;
            } else if (predicted[i]) {
                c[1]++;
            } else if (truth[i]) {
                c[2]++;
            }
        }
        return c;
    }

    private static double dice(long tp, long fp, long fn) {
        long denominator = 2 * tp + fp + fn;
        return denominator == 0 ? Double.NaN : 2.0 * tp / denominator;
    }

    /** 95th percentile of the symmetric surface distances in mm; NaN when either mask is empty. */
    public static double hd95(boolean[] predicted, boolean[] truth, VoxelGrid grid) {
        grid.requireLength(predicted.length, "predicted mask");
        grid.requireLength(truth.length, "reference mask");
        int[] box = boundingBox(predicted, truth, grid);
        if (box == null) {
            return Double.NaN;
        }
        // Both surfaces lie inside the box of the union, so every nearest surface voxel does too and the
        // distance transform on the box is exact. Surfaces are found on the full grid before cropping, so
        // the box edges do not become surface.
        VoxelGrid sub = new VoxelGrid(box[3] - box[0], box[4] - box[1], box[5] - box[2], grid.sx(), grid.sy(), grid.sz());
        boolean[] surfaceP = crop(surface(predicted, grid), grid, box);
        boolean[] surfaceT = crop(surface(truth, grid), grid, box);
        int countP = count(surfaceP);
        int countT = count(surfaceT);
        if (countP == 0 || countT == 0) {
            return Double.NaN;
        }
        double[] distances = new double[countP + countT];
        int n = collect(surfaceP, EuclideanDistanceTransform.squaredDistances(surfaceT, sub), distances, 0);
        collect(surfaceT, EuclideanDistanceTransform.squaredDistances(surfaceP, sub), distances, n);
        return percentile(distances, HD_PERCENTILE);
    }

    /** {x0, y0, z0, x1, y1, z1} (end exclusive) of the voxels true in either mask; null if both are empty. */
    private static int[] boundingBox(boolean[] a, boolean[] b, VoxelGrid grid) {
        int nx = grid.nx();
        int ny = grid.ny();
        int[] box = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 0, 0, 0};
        for (int i = 0; i < a.length; i++) {
            if (a[i] || b[i]) {
                int[] xyz = {i % nx, (i / nx) % ny, i / (nx * ny)};
                for (int d = 0; d < 3; d++) {
                    box[d] = Math.min(box[d], xyz[d]);
                    box[d + 3] = Math.max(box[d + 3], xyz[d] + 1);
                }
            }
        }
        return box[0] == Integer.MAX_VALUE ? null : box;
    }

    /** The part of a full-grid mask inside a box from {@link #boundingBox}, x fastest. */
    private static boolean[] crop(boolean[] mask, VoxelGrid grid, int[] box) {
        int w = box[3] - box[0];
        int h = box[4] - box[1];
        boolean[] out = new boolean[w * h * (box[5] - box[2])];
        int n = 0;
        for (int z = box[2]; z < box[5]; z++) {
            for (int y = box[1]; y < box[4]; y++) {
                int row = grid.nx() * (y + grid.ny() * z);
                System.arraycopy(mask, row + box[0], out, n, w);
                n += w;
            }
        }
        return out;
    }

    /** Square roots of {@code squared[i]} for the voxels where {@code where[i]}, written from {@code offset}. */
    private static int collect(boolean[] where, double[] squared, double[] out, int offset) {
        int n = offset;
        for (int i = 0; i < where.length; i++) {
            if (where[i]) {
                out[n++] = Math.sqrt(squared[i]);
            }
        }
        return n;
    }

    /**
     * Percentile with linear interpolation between the closest order statistics: rank
     * {@code p / 100 * (n - 1)} of the sorted values.
     *
     * @param values at least one value (not modified)
     * @param p      percentile in [0, 100]
     */
    static double percentile(double[] values, double p) {
        if (values.length == 0 || p < 0 || p > 100) {
            throw new IllegalArgumentException("percentile " + p + " of " + values.length + " values is undefined");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double rank = p / 100.0 * (sorted.length - 1);
        int lower = (int) Math.floor(rank);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (rank - lower) * (sorted[upper] - sorted[lower]);
    }

    /** Voxels of a mask with a face neighbour outside the mask or outside the grid. */
    static boolean[] surface(boolean[] mask, VoxelGrid grid) {
        grid.requireLength(mask.length, "mask");
        int nx = grid.nx();
        int ny = grid.ny();
        int nz = grid.nz();
        int plane = nx * ny;
        boolean[] surface = new boolean[mask.length];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int i = x + nx * (y + ny * z);
                    surface[i] = mask[i] && (x == 0 || x == nx - 1 || y == 0 || y == ny - 1 || z == 0 || z == nz - 1
                            || !mask[i - 1] || !mask[i + 1] || !mask[i - nx] || !mask[i + nx]
                            || !mask[i - plane] || !mask[i + plane]);
                }
            }
        }
        return surface;
    }

    /** Number of true voxels of a mask. */
    static int count(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) {
            n += b ? 1 : 0;
        }
        return n;
    }
}
